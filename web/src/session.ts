import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api, ok, setCsrfToken } from './api/client';
import type { components, paths } from './api/schema';

type SessionBody = paths['/auth/session']['get']['responses'][200]['content']['application/json'];
export type User = SessionBody['user'];
type MeBody = paths['/me']['get']['responses'][200]['content']['application/json'];
export type Organization = NonNullable<MeBody['organization']>;
export type Role = User['role'];
export const isCustomerRole = (role: Role) => role === 'CUSTOMER_ADMIN' || role === 'CUSTOMER_MEMBER';

export const SESSION_KEY = ['session'] as const;

/** The signed-in user (null when signed out), with the session's CSRF token kept in memory. */
export function useSession() {
  return useQuery({
    queryKey: SESSION_KEY,
    queryFn: async (): Promise<SessionBody | null> => {
      const result = await api.GET('/auth/session');
      if (result.response.status === 401) {
        setCsrfToken(undefined);
        return null;
      }
      const session = await ok(Promise.resolve(result));
      setCsrfToken(session.csrfToken);
      return session;
    },
    staleTime: Infinity,
  });
}

export function useMe(enabled = true) {
  return useQuery({ queryKey: ['me'], queryFn: () => ok(api.GET('/me')), enabled });
}

export function useWebSettings() {
  return useQuery({ queryKey: ['web-settings'], queryFn: () => ok(api.GET('/web/settings')), staleTime: Infinity });
}

/** After sign-in/out: the session answer becomes the cached one and everything else is refetched. */
export function useSessionUpdate() {
  const client = useQueryClient();
  return (session: SessionBody | null) => {
    setCsrfToken(session?.csrfToken);
    client.removeQueries({ predicate: (q) => q.queryKey[0] !== SESSION_KEY[0] });
    client.setQueryData(SESSION_KEY, session);
  };
}

export type { components };

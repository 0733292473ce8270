import { z } from 'zod';
import { createUser } from '../../usecases/users';
import type { ApiDeps } from '../deps';
import { actorOf, CUSTOMER_ROLES } from '../http/caller';
import { route, type RouteSpec } from '../http/route';
import { emailSchema, passwordSchema, personNameSchema, userSchema, userView } from './account-schemas';

export function createUserRoutes({ db }: ApiDeps): RouteSpec[] {
  return [
    route({
      method: 'post',
      path: '/admin/users',
      operationId: 'createBackOfficeUser',
      summary: 'Create a staff, consultant or admin account (admin only)',
      tags: ['Users'],
      access: ['ADMIN'],
      body: z.object({ name: personNameSchema, email: emailSchema, password: passwordSchema, role: z.enum(['STAFF', 'CONSULTANT', 'ADMIN']) }),
      responses: { 201: { description: 'Created', schema: userSchema }, 409: { description: 'The e-mail is taken' } },
      handler: async ({ body, caller }) => {
        const user = await createUser(db, { organizationId: null, ...body }, actorOf(caller));
        return { status: 201, body: userView(user) };
      },
    }),
    route({
      method: 'get',
      path: '/admin/users',
      operationId: 'listBackOfficeUsers',
      summary: 'Staff, consultant and admin accounts (admin only)',
      tags: ['Users'],
      access: ['ADMIN'],
      responses: { 200: { description: 'The accounts', schema: z.object({ items: z.array(userSchema) }) } },
      handler: async () => {
        const users = await db.user.findMany({ where: { organizationId: null }, orderBy: { createdAt: 'asc' } });
        return { body: { items: users.map(userView) } };
      },
    }),
    route({
      method: 'post',
      path: '/organizations/me/users',
      operationId: 'addOrganizationMember',
      summary: "Add a member to the caller's organisation (customer admin only)",
      tags: ['Users'],
      access: ['CUSTOMER_ADMIN'],
      body: z.object({ name: personNameSchema, email: emailSchema, password: passwordSchema }),
      responses: { 201: { description: 'Created', schema: userSchema }, 409: { description: 'The e-mail is taken' } },
      handler: async ({ body, caller }) => {
        const user = await createUser(db, { organizationId: caller.organizationId, ...body, role: 'CUSTOMER_MEMBER' }, actorOf(caller));
        return { status: 201, body: userView(user) };
      },
    }),
    route({
      method: 'get',
      path: '/organizations/me/users',
      operationId: 'listOrganizationUsers',
      summary: "Users of the caller's organisation",
      tags: ['Users'],
      access: CUSTOMER_ROLES,
      responses: { 200: { description: 'The users', schema: z.object({ items: z.array(userSchema) }) } },
      handler: async ({ caller }) => {
        const users = await db.user.findMany({ where: { organizationId: caller.organizationId ?? '' }, orderBy: { createdAt: 'asc' } });
        return { body: { items: users.map(userView) } };
      },
    }),
  ];
}

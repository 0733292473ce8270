import { createBrowserSessionRoutes } from '../auth/browser-session-routes';
import type { ApiDeps } from '../deps';
import type { RouteSpec } from '../http/route';
import { createAccountRoutes } from './accounts';
import { createCancellationWaitRoutes } from './cancellation-waits';
import { createDocumentRoutes } from './documents';
import { createEmailRoutes } from './emails';
import { createExportRoutes } from './exports';
import { createHealthRoutes } from './health';
import { createOrderRoutes } from './orders';
import { createPaymentRoutes } from './payments';
import { createPortalRoutes } from './portal';
import { createSupportRoutes } from './support';

/** Every route of the API, in the order they appear in the OpenAPI document. */
export function createRoutes(deps: ApiDeps): RouteSpec[] {
  const routes = [...createHealthRoutes(deps), ...createAccountRoutes(deps), ...createOrderRoutes(deps), ...createDocumentRoutes(deps), ...createExportRoutes(deps), ...createSupportRoutes(deps), ...createPaymentRoutes(deps), ...createCancellationWaitRoutes(deps), ...createEmailRoutes(deps), ...createPortalRoutes(deps)];
  return [...routes, ...createBrowserSessionRoutes(deps, routes)];
}

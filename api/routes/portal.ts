import QRCode from 'qrcode';
import { z } from 'zod';
import { halereFromBigInt } from '../../domain/money';
import { buildSpayd } from '../../domain/spayd';
import type { ApiDeps } from '../deps';
import { BACK_OFFICE_ROLES, CUSTOMER_ROLES, isCustomer, organizationScope } from '../http/caller';
import { conflict, notFound } from '../http/problem';
import { route, type RouteSpec } from '../http/route';

const settingsSchema = z.object({
  termsVersion: z.string(),
  termsUrl: z.string(),
  /** Back office only: the Temporal Web UI page of a workflow is this URL + the workflow id. */
  temporalWorkflowUrl: z.string().nullable(),
});

/** What the web pages need besides the business routes: settings and the QR Platba image. */
export function createPortalRoutes({ config, db }: ApiDeps): RouteSpec[] {
  return [
    route({
      method: 'get',
      path: '/web/settings',
      operationId: 'getWebSettings',
      summary: 'Settings the web pages show: current terms of business; for the back office the Temporal Web UI link',
      tags: ['Web'],
      access: 'public',
      responses: { 200: { description: 'The settings', schema: settingsSchema } },
      handler: async ({ optionalCaller }) => ({
        body: {
          termsVersion: config.TERMS_VERSION,
          termsUrl: config.TERMS_URL,
          temporalWorkflowUrl:
            optionalCaller && !isCustomer(optionalCaller)
              ? `${config.TEMPORAL_UI_URL ?? `http://localhost:${config.TEMPORAL_UI_PORT}`}/namespaces/${encodeURIComponent(config.TEMPORAL_NAMESPACE)}/workflows/`
              : null,
        },
      }),
    }),
    route({
      method: 'get',
      path: '/orders/:orderNumber/payment-qr',
      operationId: 'getOrderPaymentQr',
      summary: 'QR Platba (SPAYD) for what remains to pay on a bank-transfer order, as SVG',
      tags: ['Orders'],
      access: [...CUSTOMER_ROLES, ...BACK_OFFICE_ROLES],
      params: z.object({ orderNumber: z.string().regex(/^\d{4}-\d{6}$/, 'an order number like 2026-000123') }),
      responses: {
        200: { description: 'The QR code', contentType: 'image/svg+xml' },
        404: { description: 'No such order (or not yours)' },
        409: { description: 'Nothing to pay by transfer' },
      },
      handler: async ({ caller, params, res }) => {
        const order = await db.order.findFirst({ where: { number: params.orderNumber, organizationId: organizationScope(caller) } });
        if (!order) throw notFound('Order');
        const due = order.grossHalere - halereFromBigInt(order.paidHalere, 'paidHalere');
        if (order.paymentMethod !== 'BANK_TRANSFER' || order.status !== 'AWAITING_PAYMENT' || !order.variableSymbol || due <= 0) {
          throw conflict('nothing-to-pay', 'This order has nothing to pay by bank transfer.');
        }
        const spayd = buildSpayd({
          iban: config.SUPPLIER_IBAN,
          bic: config.SUPPLIER_BIC,
          amountHalere: due,
          variableSymbol: order.variableSymbol,
          message: `aTime ${order.number}`,
        });
        const svg = await QRCode.toString(spayd, { type: 'svg', errorCorrectionLevel: 'M', margin: 4 });
        res.status(200).type('image/svg+xml').setHeader('Cache-Control', 'private, no-store').end(svg);
        return undefined;
      },
    }),
  ];
}

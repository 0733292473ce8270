import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import express, { Router, type NextFunction, type Request, type Response } from 'express';
import type { Config } from '../../infra/config';
import { HttpError } from './problem';

const WEB_ROOT = path.join(__dirname, '..', '..', 'web');
export const WEB_DIST = path.join(__dirname, '..', '..', 'dist', 'web');
/** The single-page app's paths; everything else stays the API's. */
const PAGE_PATHS = ['/portal', '/portal/{*rest}', '/console', '/console/{*rest}'];

const notBuilt = () =>
  new HttpError(503, 'web-not-built', 'Service unavailable', 'The web pages are not built: run `npm run build` (or `npm run dev` for development).');

interface ViteDevServer {
  middlewares: (req: Request, res: Response, next: NextFunction) => void;
  transformIndexHtml(url: string, html: string): Promise<string>;
}

/**
 * The portal (/portal/...) and the console (/console/...) from the API's own origin: GET /
 * leads to the portal, assets live under /assets/. Production and tests serve the bundle built
 * by `npm run build`; development runs Vite in middleware mode (modules rebuilt on change).
 */
export function createWebPages(config: Config): Router {
  const router = Router();
  router.get('/', (_req, res) => res.redirect(302, '/portal/'));

  if (config.NODE_ENV === 'development') {
    let vite: Promise<ViteDevServer> | undefined;
    const devServer = () =>
      (vite ??= import('vite').then(({ createServer }) =>
        createServer({ configFile: path.join(WEB_ROOT, 'vite.config.mts'), server: { middlewareMode: true }, appType: 'custom' }),
      ) as Promise<ViteDevServer>);
    router.use('/assets', async (req, res, next) => {
      req.url = req.originalUrl;
      (await devServer()).middlewares(req, res, next);
    });
    router.get(PAGE_PATHS, async (req, res) => {
      const html = await (await devServer()).transformIndexHtml(req.originalUrl, readFileSync(path.join(WEB_ROOT, 'index.html'), 'utf8'));
      res.status(200).type('html').setHeader('Cache-Control', 'no-store').end(html);
    });
    return router;
  }

  // Hashed file names: cached for a year; index.html is never cached so a deploy takes effect.
  router.use('/assets', express.static(WEB_DIST, { index: false, immutable: true, maxAge: '1y' }));
  router.get(PAGE_PATHS, (_req, res) => {
    const index = path.join(WEB_DIST, 'index.html');
    if (!existsSync(index)) throw notBuilt();
    res.setHeader('Cache-Control', 'no-store');
    res.sendFile(index);
  });
  return router;
}

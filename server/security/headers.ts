/**
 * Security headers on every HTTP response (helmet), with a strict Content-Security-Policy
 * the built client runs under: its module scripts and its stylesheet come from the node
 * itself, it talks to the node over Socket.IO on the same origin, and nothing is inline.
 */

import type { RequestHandler } from 'express';
import helmet from 'helmet';

/** The CSP directives, exported so the test and the README show exactly what the client must live with. */
export function contentSecurityPolicy(publicUrl: string | null): Record<string, string[]> {
  const directives: Record<string, string[]> = {
    'default-src': ["'self'"],
    'script-src': ["'self'"],
    'script-src-attr': ["'none'"],
    // Stylesheets from the node only; styles a script sets through the CSSOM (Preact's `style`) are not inline CSS.
    'style-src': ["'self'"],
    // Vite inlines small images and fonts as data: URLs.
    'img-src': ["'self'", 'data:'],
    'font-src': ["'self'", 'data:'],
    'connect-src': ["'self'", ...socketOrigins(publicUrl)],
    'manifest-src': ["'self'"],
    'object-src': ["'none'"],
    'base-uri': ["'none'"],
    'form-action': ["'self'"],
    'frame-ancestors': ["'none'"],
  };
  // Only behind HTTPS: on a plain-HTTP node (the default, on a LAN address) it would break every asset.
  if (isHttps(publicUrl)) directives['upgrade-insecure-requests'] = [];
  return directives;
}

/** 'self' covers same-origin WebSockets in current browsers; older Safari needs them named. */
function socketOrigins(publicUrl: string | null): string[] {
  if (!publicUrl) return [];
  const url = new URL(publicUrl);
  return [`${url.protocol === 'https:' ? 'wss' : 'ws'}://${url.host}`];
}

function isHttps(publicUrl: string | null): boolean {
  return publicUrl !== null && new URL(publicUrl).protocol === 'https:';
}

export function securityHeaders(publicUrl: string | null): RequestHandler {
  return helmet({
    contentSecurityPolicy: { useDefaults: false, directives: contentSecurityPolicy(publicUrl) },
    xFrameOptions: { action: 'deny' },
    // HSTS over plain HTTP is ignored by browsers and would only confuse a later HTTPS move.
    strictTransportSecurity: isHttps(publicUrl),
    referrerPolicy: { policy: 'no-referrer' },
  });
}

/** J5: a registration's country as an ISO code, through a real node: one country is one value, named in the reader's language. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countryName, isCountryCode } from '../../shared/countries.ts';
import type { EventState } from '../../shared/state.ts';
import { participantForm, register } from '../support/register.ts';
import { startServer, type TestServer } from '../support/server.ts';

describe('countries by ISO code (J5)', () => {
  let server: TestServer;
  const hostState = (): EventState => server.app.registry.get(server.eventId)!.state;
  const moderatorAuth = () => ({ authorization: `Bearer ${server.tokenOf('kemo-camara')}` });

  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(() => server.close());

  it('J5: "DE" and "de" are one country, counted under its code; free text from an older page is still taken (J2)', async () => {
    await server.register(participantForm(1, { country: 'DE', consentToBeNamed: true }));
    await server.register(participantForm(2, { country: 'de', consentToBeNamed: true }));
    await server.register(participantForm(3, { country: 'Senegal' }));
    expect(hostState().registrations.byCountry).toEqual({ DE: 2, Senegal: 1 });
  });

  it('J5: two letters that are no country code are refused with bad_request naming the field', async () => {
    const before = hostState().registrations.total;
    for (const country of ['XX', 'UK', 'zz']) {
      const res = await register(server.url, server.eventId, participantForm(9, { country }));
      expect(res.status, country).toBe(400);
      const { error } = (await res.json()) as { error: { code: string; message: string } };
      expect(error.code).toBe('bad_request');
      expect(error.message).toContain('country');
    }
    expect(hostState().registrations.total).toBe(before);
  });

  it('J5: the outcome document (English) names a country registered by its code', async () => {
    const res = await fetch(`${server.url}/api/events/${server.eventId}/outcome.md`, { headers: moderatorAuth() });
    expect(res.status).toBe(200);
    const md = await res.text();
    expect(md).toMatch(/\| Germany \| 2 \|/);
    expect(md).not.toMatch(/\| DE \|/);
  });

  it('J5: each reader reads a code in their language; free text reads as typed', () => {
    expect(countryName('DE', 'fr-FR')).toBe('Allemagne');
    expect(countryName('DE', 'en-GB')).toBe('Germany');
    expect(countryName('Deutschland', 'fr-FR')).toBe('Deutschland');
    expect(isCountryCode('XK')).toBe(true);
    expect(isCountryCode('de')).toBe(false);
  });
});

/** S14: what the schema makes of line breaks, bidi controls and lone surrogates in user text. */
import { describe, expect, it } from 'vitest';
import { LIMITS } from '../../shared/constants.ts';
import { isCleanText, RegistrationSchema, text } from '../../shared/protocol.ts';
import { normaliseText } from '../../shared/text.ts';

const RLO = '\u202E';
const LRE = '\u202A';
const PDF = '\u202C';
const RLI = '\u2067';
const PDI = '\u2069';

describe('normaliseText (S14)', () => {
  it('S14: turns every \\r\\n and bare \\r into \\n', () => {
    expect(normaliseText('a\r# INJECTED')).toBe('a\n# INJECTED');
    expect(normaliseText('a\r\nb\n\rc')).toBe('a\nb\n\nc');
  });

  it('S14: removes an override or embedding that no PDF closes, and a PDF that closes nothing', () => {
    expect(normaliseText(`Ama${RLO}`)).toBe('Ama');
    expect(normaliseText(`${RLO}abc`)).toBe('abc');
    expect(normaliseText(`a${PDF}b`)).toBe('ab');
    expect(normaliseText(`${LRE}x${RLO}y${PDF}`)).toBe(`x${RLO}y${PDF}`);
  });

  it('S14: keeps pairs that close on the same line, and only those', () => {
    expect(normaliseText(`${RLO}abc${PDF} rest`)).toBe(`${RLO}abc${PDF} rest`);
    expect(normaliseText(`${RLI}abc${PDI} rest`)).toBe(`${RLI}abc${PDI} rest`);
    expect(normaliseText(`${RLO}abc\n${PDF}def`)).toBe('abc\ndef');
    // A PDF does not reach across an isolate; a PDI closes its isolate and drops an embedding left open inside it.
    expect(normaliseText(`${RLO}${RLI}x${PDF}${PDI}`)).toBe(`${RLI}x${PDI}`);
    expect(normaliseText(`a${PDI}b${RLI}`)).toBe('ab');
  });

  it('S14: removes lone surrogates and keeps pairs', () => {
    expect(normaliseText('a\uD83Db')).toBe('ab');
    expect(normaliseText('a\uDE00b')).toBe('ab');
    expect(normaliseText('a\uD83D\uDE00b')).toBe('a\uD83D\uDE00b');
  });
});

describe('text() at the schema (S14)', () => {
  const chat = text(LIMITS.chatText, 1);

  it('S14: a bare \\r comes out as a newline; an unclosed override is gone before trimming', () => {
    expect(chat.parse('x\r# INJECTED')).toBe('x\n# INJECTED');
    expect(chat.parse(`  Ama ${RLO}`)).toBe('Ama');
    expect(chat.safeParse(RLO).success).toBe(false); // nothing left: empty
  });

  it('S14: a registration name with a lone U+202E and a lone surrogate is stored clean', () => {
    const form = RegistrationSchema.parse({
      name: `Ama${RLO} Mensah\uD800`,
      community: `Ghana${RLO}`,
      region: 'africa',
      country: 'Ghana',
      consentToBeNamed: true,
    });
    expect(form.name).toBe('Ama Mensah');
    expect(form.community).toBe('Ghana');
  });

  it('S14: isCleanText holds exactly for what text() outputs', () => {
    for (const raw of ['x\r# INJECTED', `Ama${RLO}`, 'a\uD800', `${RLO}ok${PDF}`, 'plain', 'two\nlines']) {
      const out = chat.parse(raw);
      expect(isCleanText(out, LIMITS.chatText, 1), JSON.stringify(out)).toBe(true);
      expect(isCleanText(raw, LIMITS.chatText, 1), JSON.stringify(raw)).toBe(raw === out);
    }
  });
});

/** L-D3, L-D5: the organiser's link book on disk: whole or not at all, and a damaged file named at start. */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FileLinkBook } from '../../../server/links/file.ts';
import { StoreWriteError } from '../../../server/storage/appendOnlyFile.ts';
import { link, runLinkBookContract } from './contract.ts';

runLinkBookContract('file', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'gavel-links-'));
  return {
    book: FileLinkBook.open(dir),
    reopen: async () => FileLinkBook.open(dir),
    cleanup: async () => rmSync(dir, { recursive: true, force: true }),
  };
});

describe('link book on disk', () => {
  let dir: string;
  const file = () => join(dir, 'links.json');
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'gavel-links-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('L-D3: a saved link is in the file, and a new book reads it back', () => {
    FileLinkBook.open(dir).put(link('amara'));
    expect(FileLinkBook.open(dir).get('summit')).toEqual([link('amara')]);
    expect(JSON.parse(readFileSync(file(), 'utf8'))).toEqual({ summit: [link('amara')] });
  });

  it('L-D3: a save that cannot be written is reported, and neither the file nor the book changes', () => {
    const book = FileLinkBook.open(dir);
    book.put(link('amara'));
    mkdirSync(`${file()}.tmp`); // the copy cannot be created
    expect(() => book.put(link('bilal'))).toThrow(StoreWriteError);
    expect(() => book.put(link('amara', 'new-token'))).toThrow(/cannot write .*links\.json/);
    expect(book.get('summit')).toEqual([link('amara')]);
    expect(FileLinkBook.open(dir).get('summit')).toEqual([link('amara')]);
    rmSync(`${file()}.tmp`, { recursive: true });
    book.put(link('bilal'));
    expect(FileLinkBook.open(dir).get('summit')).toEqual([link('amara'), link('bilal')]);
  });

  it.each([
    ['empty', '', /links\.json: the file is empty/],
    ['half-written', '{\n  "summit": [\n    {\n      "eventId": "sum', /links\.json: unreadable JSON .*half-written/],
    ['not a map of links', '[1, 2]', /links\.json: not a map of event ids/],
    ['a damaged link', '{ "summit": [{ "eventId": "summit", "personId": "amara" }] }', /links\.json: link 1 of event "summit": not an invite link \(role: /],
  ])('L-D5: an %s links.json stops the start with the file named and what to do', (_what, content, message) => {
    writeFileSync(file(), content);
    expect(() => FileLinkBook.open(dir)).toThrow(message);
    expect(() => FileLinkBook.open(dir)).toThrow(/Restore it from a backup; or, to start without it, move it aside/);
  });
});

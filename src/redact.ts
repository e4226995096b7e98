/**
 * The one redaction every printed connection string goes through: messages, log lines, --json
 * output, whatever produced them (our messages, the driver's, migrate-mongo's). It works on
 * text, not on a parsed URL, because the URLs that matter most are the ones the parser
 * rejects (`MONGO_URL` with a bad option is echoed in the error), and a password may hold any
 * character: `( ) " ' < > { } @ : / ? # [ ] %`, spaces, any Unicode.
 *
 * The rule, for each `mongodb://` or `mongodb+srv://` (any case) in the text:
 *
 * 1. The URL runs to the end of its line or to the next scheme, whichever comes first. When
 *    it opens a JSON string (a `"` right before the scheme, as this package quotes values in
 *    messages with JSON.stringify), it ends at that string's closing quote instead: JSON
 *    escapes every `"` inside, so that end is exact, and an e-mail address later on the line
 *    stays readable. (A closing quote with no `@` before it but one after it on the line is
 *    not trusted: that is a URL quoted without escaping, whose password held a `"`.)
 * 2. Its user info ends at the *last* `@` of the URL: a host never holds an `@`, a password
 *    may. Masking too much (an `@` that followed an unquoted URL on the same line is taken
 *    into it) is the safe error; masking too little would print part of the password.
 * 3. The user name (up to the first `:`) is kept, everything after that `:` up to the `@`
 *    becomes `***`: `mongodb://user:***@host`. User info without a `:` is a user name alone.
 * 4. The values of the options that carry secrets (tlsCertificateKeyFilePassword,
 *    sslPEMKeyPassword, proxyPassword, AWS_SESSION_TOKEN in authMechanismProperties) become
 *    `***`, up to the next `&` (`,` for the token) or the end of the URL.
 *
 * Text that is already redacted stays as it is (lines are redacted again when printed): user
 * info that is exactly `user:***` or `***` ends at its `@`, and a value that is exactly `***`
 * is kept, even when an `@` or more text follows later. The limits of the rule: a password
 * that itself begins with `***@` (or a secret option value beginning with `***` and a space)
 * reads as already masked, and a raw line break inside a password ends the URL early where
 * it is not JSON-quoted (JSON.stringify writes it as `\n`).
 */

const SCHEME = /mongodb(?:\+srv)?:\/\//gi;
const MASK = '***';

/** User info a previous pass produced: `user:***` or `***`, right after the scheme. */
const ALREADY_MASKED = /^(?:[^:@\s]*:)?\*\*\*@/;

/** Options whose values are secrets, and where each value ends. */
const SECRET_OPTIONS: readonly { readonly name: RegExp; readonly end: string }[] = [
  { name: /([?&](?:tlsCertificateKeyFilePassword|sslPEMKeyPassword|proxyPassword)=)/gi, end: '&' },
  { name: /(AWS_SESSION_TOKEN(?::|%3A))/gi, end: ',&' },
];

/** Every connection string inside a message or log line, redacted by the rule above. */
export function redactSecrets(text: string): string {
  let out = '';
  let done = 0;
  for (const match of text.matchAll(SCHEME)) {
    const start = match.index;
    const bodyStart = start + match[0].length;
    const end = urlEnd(text, start, bodyStart);
    out += text.slice(done, bodyStart) + redactBody(text.slice(bodyStart, end));
    done = end;
  }
  return out + text.slice(done);
}

/** One connection string (a setting's value): the whole string is the URL, line breaks included. */
export function redactUrl(url: string): string {
  const scheme = new RegExp(`^${SCHEME.source}`, 'i').exec(url);
  return scheme ? scheme[0] + redactBody(url.slice(scheme[0].length)) : redactSecrets(url);
}

/** Where the URL starting at `start` ends (rule 1). */
function urlEnd(text: string, start: number, bodyStart: number): number {
  let end = text.length;
  const lineBreak = text.slice(bodyStart).search(/[\r\n]/);
  if (lineBreak >= 0) end = bodyStart + lineBreak;
  const next = text.slice(bodyStart, end).search(SCHEME);
  if (next >= 0) end = bodyStart + next;
  if (text[start - 1] === '"') {
    const closing = jsonStringEnd(text, bodyStart, end);
    // Text quoted without escaping may hold a raw `"` in the password: a quote with no `@`
    // before it but one after it on the line is not trusted to end the URL.
    const trusted =
      closing !== undefined &&
      (text.slice(bodyStart, closing).includes('@') || !text.slice(closing, end).includes('@'));
    if (trusted) end = closing;
  }
  return end;
}

/** The closing quote of a JSON string whose content continues at `from`, before `limit`. */
function jsonStringEnd(text: string, from: number, limit: number): number | undefined {
  for (let i = from; i < limit; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === '"') return i;
  }
  return undefined;
}

/** The URL after its scheme: user info masked (rules 2, 3), then the secret options (rule 4). */
function redactBody(body: string): string {
  const masked = ALREADY_MASKED.exec(body);
  const at = masked ? masked[0].length - 1 : body.lastIndexOf('@');
  if (at < 0) return redactOptions(body);
  const userInfo = body.slice(0, at);
  const colon = userInfo.indexOf(':');
  const shown = colon < 0 ? userInfo : `${userInfo.slice(0, colon)}:${MASK}`;
  return `${shown}@${redactOptions(body.slice(at + 1))}`;
}

function redactOptions(rest: string): string {
  return SECRET_OPTIONS.reduce((text, { name, end }) => maskValues(text, name, end), rest);
}

/** Each value after `name` up to one of the `end` characters (or the end of the URL) becomes `***`. */
function maskValues(text: string, name: RegExp, end: string): string {
  let out = '';
  let done = 0;
  for (const match of text.matchAll(name)) {
    const valueStart = match.index + match[0].length;
    if (valueStart <= done) continue;
    let valueEnd = valueStart;
    while (valueEnd < text.length && !end.includes(text[valueEnd]!)) valueEnd++;
    const value = text.slice(valueStart, valueEnd);
    // `***` followed by a space is a value a previous pass masked, with the message going on after it.
    const already = value === MASK || /^\*\*\*\s/.test(value);
    out += text.slice(done, valueStart) + (already ? value : MASK);
    done = valueEnd;
  }
  return out + text.slice(done);
}

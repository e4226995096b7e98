import { redactConnectionString } from 'mongodb-connection-string-url';

/**
 * The one redaction every printed URL goes through: the driver's own connection-string
 * library, which masks the password and the secrets carried in query options
 * (tlsCertificateKeyFilePassword, proxyPassword, AWS_SESSION_TOKEN in
 * authMechanismProperties), and falls back to patterns for a URL it cannot parse (an
 * unescaped '@' in the password is then hidden up to the last '@').
 */
export function redactUrl(url: string): string {
  const redacted = redactConnectionString(url, { redactUsernames: false, replacementString: '***' });
  // The library writes the URL back with a "/" after the hosts; keep the user's own spelling.
  return /^mongodb(\+srv)?:\/\/[^/?]*\//.test(url) ? redacted : redacted.replace(/\/(?=\?|$)/, '');
}

/** A connection string inside free text: up to whitespace, a quote or a closing bracket. */
const URL_IN_TEXT = /mongodb(?:\+srv)?:\/\/[^\s"'`<>()[\]{}]+/g;

/** Every connection string inside a message or log line, redacted by redactUrl. */
export function redactSecrets(text: string): string {
  return text.replace(URL_IN_TEXT, (url) => redactUrl(url));
}

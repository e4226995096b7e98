import { redactSecrets, redactUrl } from 'crm-calls-seed/internal';

/**
 * Passwords of every shape the issue names: each character that ends a token somewhere
 * (brackets, quotes, URL delimiters), `%` (a bad escape makes the URL unparseable), spaces and
 * Unicode; in URLs the driver accepts and in URLs it rejects (`?badopt=1`, unescaped `@ : / ?`).
 */
const PASSWORDS = [
  'pa(ssw0rd)',
  'pa)ss(',
  'p"q"r',
  "p'q'r",
  'p<q>r',
  'p{q}r',
  'p@q@r',
  'p:q:r',
  'p/q/r',
  'p?q=r',
  'p#q#r',
  'p[q]r',
  'p%q%zz',
  'p%40q',
  'p q r',
  'pä€😀ß',
  'a@b/c',
  '@@',
  'x@10.9.8.7:1/',
  '"}, "a": "b',
  '\\',
  '\\"@',
];

const USER = 'admin';

/** The shapes a URL with this password takes around the host. */
function urlsWith(password: string): string[] {
  return [
    `mongodb://${USER}:${password}@127.0.0.1:27101/`,
    `mongodb://${USER}:${password}@127.0.0.1:27101/?badopt=1`,
    `mongodb://${USER}:${password}@127.0.0.1:27101`,
    `mongodb+srv://${USER}:${password}@cluster0.example.net/crm?retryWrites=true`,
    `mongodb://${USER}:${password}@a:1,b:2/crm?replicaSet=rs0`,
    `mongodb://${USER}:${password}@[::1]:27017/crm`,
  ];
}

/** The places a URL is printed: alone, in a sentence, quoted by JSON, at a line's end, in a JSON document. */
function textsWith(url: string): string[] {
  return [
    redactUrl(url),
    redactSecrets(url),
    redactSecrets(`cannot reach MongoDB at ${url}: refused`),
    redactSecrets(
      `MONGO_URL must be a connection string (got ${JSON.stringify(url)}: option badopt is not supported)`,
    ),
    redactSecrets(`connecting to ${url}`),
    redactSecrets(`${url} (from MONGO_URL)\nnext line`),
    redactSecrets(JSON.stringify({ mongoUrl: url, contact: 'ops@example.com' }, null, 2)),
    redactSecrets(`first ${url} then ${url}`),
  ];
}

/** The password, and every part of it long enough to say something (3 characters or more). */
function leaks(shown: string, password: string): string[] {
  const parts = new Set([password, JSON.stringify(password).slice(1, -1)]);
  for (const piece of password.split(/[@:/?#"'<>(){}[\]\s\\]+/)) if (piece.length >= 3) parts.add(piece);
  return [...parts].filter((p) => p.length > 0 && shown.includes(p) && !USER.includes(p));
}

describe('no part of a password is printed, whatever it holds', () => {
  test.each(PASSWORDS)('password %j', (password) => {
    for (const url of urlsWith(password)) {
      for (const shown of textsWith(url)) {
        expect({ url, shown, leaked: leaks(shown, password) }).toEqual({ url, shown, leaked: [] });
        expect(shown).toContain(`${USER}:***@`);
      }
    }
  });

  test.each([
    ['mongodb://app:s3cret@db.example.com:27017/crm', 's3cret'],
    ['mongodb+srv://app:s3cret@cluster0.example.net/?retryWrites=true', 's3cret'],
    ['mongodb://app:p%40ss%2Fword@h/crm', 'p%40ss%2Fword'],
    ['mongodb://:onlyPassword@h/crm', 'onlyPassword'],
    ['MONGODB://app:upperCase@h/crm', 'upperCase'],
    ['mongodb://h/crm?tls=true&tlsCertificateKeyFilePassword=k3yPass', 'k3yPass'],
    ['mongodb://h/crm?tls=true&tlscertificatekeyfilepassword=k3yPass&x=1', 'k3yPass'],
    ['mongodb://h/crm?ssl=true&sslPEMKeyPassword=k3yPass', 'k3yPass'],
    ['mongodb://h/crm?authMechanism=MONGODB-AWS&authMechanismProperties=AWS_SESSION_TOKEN:t0ken', 't0ken'],
    ['mongodb://h/?authMechanismProperties=AWS_SESSION_TOKEN%3At0ken%2Cx&authSource=%24external', 't0ken'],
    ['mongodb://h/crm?proxyHost=p&proxyUsername=pu&proxyPassword=pr0xy', 'pr0xy'],
    ['mongodb://h/crm?proxyPassword=pr(0)xy&badopt=1', 'pr(0)xy'],
  ])('%s', (url, secret) => {
    for (const shown of textsWith(url)) {
      expect(shown).not.toContain(secret);
      expect(shown).toContain('***');
    }
  });
});

describe('what is not secret stays readable', () => {
  test('user, hosts, database and other options, spelled as given', () => {
    expect(redactUrl('mongodb://app:pw@a:1,b:2/crm?replicaSet=rs0')).toBe(
      'mongodb://app:***@a:1,b:2/crm?replicaSet=rs0',
    );
    expect(redactUrl('mongodb://app:pw@h:27017')).toBe('mongodb://app:***@h:27017');
    expect(redactUrl('mongodb://app:pw@h:27017?tls=true')).toBe('mongodb://app:***@h:27017?tls=true');
    expect(redactUrl('mongodb://app:pa(ss)@127.0.0.1:27101/?badopt=1')).toBe(
      'mongodb://app:***@127.0.0.1:27101/?badopt=1',
    );
    expect(redactUrl('mongodb://app@h/crm')).toBe('mongodb://app@h/crm');
    expect(redactUrl('mongodb://h/crm?proxyPassword=x&proxyPort=1')).toBe(
      'mongodb://h/crm?proxyPassword=***&proxyPort=1',
    );
    expect(redactSecrets('no url here, mail ops@example.com')).toBe('no url here, mail ops@example.com');
  });

  test('redacting twice changes nothing, even with an @ later on the line', () => {
    const lines = [
      'an operation failed on crm at mongodb://app:***@h:27017: E11000 { email: "a@b.com" }',
      'cannot reach MongoDB at mongodb://***@h within 5 s (ask ops@example.com)',
      'at mongodb://h/?proxyPassword=*** within 5 s (ask ops@example.com)',
    ];
    for (const line of lines) expect(redactSecrets(line)).toBe(line);
    for (const password of PASSWORDS) {
      for (const url of urlsWith(password)) {
        for (const shown of textsWith(url)) expect(redactSecrets(shown)).toBe(shown);
      }
    }
  });

  test('a URL quoted as JSON ends at its closing quote: an e-mail after it is not taken for a host', () => {
    const text = `got ${JSON.stringify('mongodb://app:p"@q@h/?badopt=1')}: write to ops@example.com`;
    expect(redactSecrets(text)).toBe('got "mongodb://app:***@h/?badopt=1": write to ops@example.com');
  });

  test('a URL quoted without escaping, its password holding a raw quote, is masked to its @ all the same', () => {
    expect(redactSecrets('got "mongodb://app:p"q@h/x": bad')).toBe('got "mongodb://app:***@h/x": bad');
    // The price: a quoted URL without credentials and an @ later on its line is masked to it.
    expect(redactSecrets('got "mongodb://h:1/x": ask ops@example.com')).toBe(
      'got "mongodb://h:***@example.com',
    );
    expect(redactSecrets('got "mongodb://h:1/x": bad')).toBe('got "mongodb://h:1/x": bad');
  });

  test('after an unquoted URL, an @ on the same line is masked with it (the safe error)', () => {
    expect(redactSecrets('at mongodb://app:pw@h/crm, ask ops@example.com')).toBe(
      'at mongodb://app:***@example.com',
    );
    // The next line is another matter.
    expect(redactSecrets('at mongodb://app:pw@h/crm\nask ops@example.com')).toBe(
      'at mongodb://app:***@h/crm\nask ops@example.com',
    );
  });

  test('two URLs on one line are redacted each', () => {
    expect(redactSecrets('from mongodb://a:p1@h1/x to mongodb+srv://b:p2@h2/y')).toBe(
      'from mongodb://a:***@h1/x to mongodb+srv://b:***@h2/y',
    );
  });
});

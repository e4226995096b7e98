import { redactSecrets, redactUrl } from '../src/redact';

describe('secrets in printed connection strings', () => {
  test.each([
    ['mongodb://app:s3cret@db.example.com:27017/crm', 's3cret'],
    ['mongodb+srv://app:s3cret@cluster0.example.net/?retryWrites=true', 's3cret'],
    ['mongodb://app:p%40ss%2Fword@h/crm', 'p%40ss%2Fword'],
    // Unescaped '@' makes the URL unparseable: hidden up to the last '@' all the same.
    ['mongodb://app:p@ss@h/crm', 'p@ss'],
    ['mongodb://h/crm?tls=true&tlsCertificateKeyFilePassword=k3yPass', 'k3yPass'],
    ['mongodb://h/crm?authMechanism=MONGODB-AWS&authMechanismProperties=AWS_SESSION_TOKEN:t0ken', 't0ken'],
    ['mongodb://h/crm?proxyHost=p&proxyUsername=pu&proxyPassword=pr0xy', 'pr0xy'],
  ])('%s', (url, secret) => {
    const shown = redactUrl(url);
    expect(shown).not.toContain(secret);
    expect(shown).toContain('***');
    expect(redactSecrets(`cannot reach MongoDB at ${url}: refused`)).not.toContain(secret);
    expect(redactSecrets(`got ${JSON.stringify(url)}`)).not.toContain(secret);
  });

  test('keeps what is not secret: user, hosts, database and other options', () => {
    expect(redactUrl('mongodb://app:pw@a:1,b:2/crm?replicaSet=rs0')).toBe(
      'mongodb://app:***@a:1,b:2/crm?replicaSet=rs0',
    );
    expect(redactSecrets('no url here')).toBe('no url here');
    // Spelled as given: no "/" added after the hosts.
    expect(redactUrl('mongodb://app:pw@h:27017')).toBe('mongodb://app:***@h:27017');
    expect(redactUrl('mongodb://app:pw@h:27017?tls=true')).toBe('mongodb://app:***@h:27017?tls=true');
  });
});

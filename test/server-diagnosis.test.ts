import { MongoServerError } from 'mongodb';
import { diagnoseConnection, duplicateKeyOf } from 'crm-calls-seed/internal';
import type { ServerObservations } from 'crm-calls-seed/internal';

/**
 * The answers and errors of real servers other than the local FerretDB (replica set members,
 * mongos, MongoDB's duplicate-key message), as the driver reports them; the fault suite
 * (hostile-messages.test.ts) covers what the local server produces, end to end.
 */
describe('naming the cause of a failed connection from what the servers said', () => {
  const rs0 = { replicaSet: 'rs0', tls: false, srv: false, hosts: ['db1:27017'] };
  const saw = (reply: Record<string, unknown>, failure?: Error): ServerObservations => ({
    replies: new Map(Object.keys(reply).length > 0 ? [['db1:27017', reply]] : []),
    failures: new Map(failure ? [['db1:27017', failure]] : []),
  });
  const timeout = new Error('Server selection timed out after 5000 ms');

  test.each([
    [
      { isWritablePrimary: true },
      /the server at db1:27017 is a standalone server \(not a replica set member\)/,
    ],
    [
      { setName: 'rs1', isWritablePrimary: true },
      /the server at db1:27017 reports set "rs1"; use replicaSet=rs1$/,
    ],
    [{ msg: 'isdbgrid' }, /is a mongos \(a sharded cluster's router\); remove replicaSet from MONGO_URL$/],
    [
      { isreplicaset: true },
      /is a replica set member that was never initiated \(run rs\.initiate\(\) on it\)$/,
    ],
  ])('replicaSet=rs0 and a server answering %j', (reply, cause) => {
    const said = diagnoseConnection(timeout, rs0, saw(reply));
    expect(said).toMatch(/^replica set name mismatch: MONGO_URL asks for replicaSet=rs0 but /);
    expect(said).toMatch(cause);
  });

  test('a member of the set asked for is no mismatch', () => {
    expect(diagnoseConnection(timeout, rs0, saw({ setName: 'rs0' }))).toBeUndefined();
  });

  test('TLS: a handshake the server dropped, a certificate not trusted', () => {
    const tls = { tls: true, srv: false, hosts: ['db1:27017'] };
    const dropped = new Error(
      'Client network socket disconnected before secure TLS connection was established',
    );
    expect(diagnoseConnection(timeout, tls, saw({}, dropped))).toMatch(
      /^TLS handshake failed: the server at db1:27017 does not speak TLS, or refused the handshake \(tls=true in MONGO_URL; Client network/,
    );
    const untrusted = new Error('self-signed certificate in certificate chain');
    expect(diagnoseConnection(timeout, { ...tls, srv: true }, saw({}, untrusted))).toMatch(
      /^the TLS certificate of the server at db1:27017 was not accepted \(self-signed certificate/,
    );
  });

  test('an unknown host is named; a refused connection is left to the generic message', () => {
    const plain = { tls: false, srv: false, hosts: ['db1:27017'] };
    const dns = new Error('getaddrinfo ENOTFOUND db1', {
      cause: Object.assign(new Error('x'), { code: 'ENOTFOUND' }),
    });
    expect(diagnoseConnection(timeout, plain, saw({}, dns))).toBe(
      'the host db1 is not known to DNS (ENOTFOUND); check the host name in MONGO_URL',
    );
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:27017'), {
      code: 'ECONNREFUSED',
    });
    expect(diagnoseConnection(timeout, plain, saw({}, refused))).toBeUndefined();
  });
});

describe('the parts of a duplicate-key error, from MongoDB and FerretDB', () => {
  test("MongoDB's single write: namespace, index and keyValue", () => {
    const err = new MongoServerError({
      code: 11000,
      errmsg: 'E11000 duplicate key error collection: crm.calls index: ukey_1 dup key: { ukey: "100040" }',
      keyPattern: { ukey: 1 },
      keyValue: { ukey: '100040' },
    });
    expect(duplicateKeyOf(err)).toEqual({
      collection: 'calls',
      index: 'ukey_1',
      key: '{ ukey: "100040" }',
      doc: undefined,
    });
  });

  test("FerretDB's message names only the collection", () => {
    const err = new MongoServerError({
      code: 11000,
      errmsg: 'E11000 duplicate key error collection: crm.calls',
    });
    expect(duplicateKeyOf(err)).toEqual({
      collection: 'calls',
      index: undefined,
      key: undefined,
      doc: undefined,
    });
  });

  test('any other error is not a duplicate key', () => {
    expect(
      duplicateKeyOf(new MongoServerError({ code: 121, errmsg: 'Document failed validation' })),
    ).toBeUndefined();
    expect(duplicateKeyOf(new Error('E11000'))).toBeUndefined();
  });
});

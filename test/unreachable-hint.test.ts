import { ConfigError, DatabaseError } from 'crm-calls-seed';
import { connectionError, withUnreachableHint } from 'crm-calls-seed/internal';

const HINT = 'in this repository, `npm run db:start` starts the local server';

describe('the host’s hint on "cannot reach MongoDB"', () => {
  test('added when nothing answered, keeping the code and the cause', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:27017'), {
      code: 'ECONNREFUSED',
    });
    const err = connectionError(refused, 'mongodb://127.0.0.1:27017');
    const hinted = withUnreachableHint(err, HINT) as DatabaseError;
    expect(hinted).toBeInstanceOf(DatabaseError);
    expect(hinted.code).toBe('DB_UNREACHABLE');
    expect(hinted.message).toBe(`${err.message}; ${HINT}`);
    expect(hinted.cause).toBe(refused);
  });

  test('left out without a hint (another repository), for a server that answered, and for other errors', () => {
    const refused = connectionError(new Error('connect ECONNREFUSED'), 'mongodb://127.0.0.1:27017');
    expect(withUnreachableHint(refused, undefined)).toBe(refused);
    const tls = new DatabaseError('cannot connect to MongoDB at mongodb://h: TLS handshake failed: …', {
      code: 'DB_UNREACHABLE',
    });
    expect(withUnreachableHint(tls, HINT)).toBe(tls);
    const config = new ConfigError('MONGO_URL must be …');
    expect(withUnreachableHint(config, HINT)).toBe(config);
  });
});

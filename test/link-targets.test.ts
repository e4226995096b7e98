import { Int32, Long } from 'mongodb';
import { callSchema, isDeleted, readId } from 'crm-calls-seed/internal';

/**
 * Which stored ids a call may link to and which `deleted` values mean deleted: pure, no
 * database (the seeded links are checked against a real one in links.test.ts).
 */
describe('what links may point at is what verify accepts', () => {
  test.each([
    [1, true],
    [2 ** 53 - 1, true],
    [2 ** 53, false],
    [7.5, false],
    [0, false],
    [-3, false],
    ['5', false],
    [Number.NaN, false],
    [Number.POSITIVE_INFINITY, false],
  ])('id %p: linkable %p', (id, ok) => {
    expect(readId(id).kind === 'id').toBe(ok);
    // The calls schema's own check of call_for_id / related_to_id / owner_id.
    expect(callSchema.shape.call_for_id.safeParse(id).success).toBe(ok);
    expect(callSchema.shape.owner_id.safeParse(id).success).toBe(ok);
  });

  test.each([
    [undefined, false],
    [null, false],
    [0, false],
    [false, false],
    ['0', false],
    ['', false],
    [1, true],
    [true, true],
    ['1', true],
    [2, true],
    ['yes', true],
    [new Int32(0), false],
    [Long.fromNumber(1), true],
  ])('deleted %p: deleted %p', (value, deleted) => {
    expect(isDeleted(value)).toBe(deleted);
  });
});

import { contentionOf, dataErrorOf, noteRedisUrl, outageOf } from './infra-errors.js';

const pgError = (code: string, message = 'x') => Object.assign(new Error(message), { code });
const typeorm = (driverError: Error) =>
  Object.assign(new Error(driverError.message), { name: 'QueryFailedError', driverError });

describe('outages told from bugs', () => {
  it.each([
    [pgError('57P01', 'terminating connection due to administrator command'), 'postgres'],
    [pgError('57P03', 'the database system is starting up'), 'postgres'],
    [typeorm(pgError('08006', 'connection failure')), 'postgres'],
    [pgError('53300', 'sorry, too many clients already'), 'postgres'],
    [pgError('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:5432'), 'postgres'],
    [new Error('Connection terminated unexpectedly'), 'postgres'],
    [new Error('timeout exceeded when trying to connect'), 'postgres'],
    [Object.assign(new AggregateError([pgError('ECONNREFUSED')]), { code: 'ECONNREFUSED' }), 'postgres'],
    [new Error('Connection is closed.'), 'redis'],
    [
      Object.assign(new Error('Reached the max retries per request limit'), { name: 'MaxRetriesPerRequestError' }),
      'redis',
    ],
    [pgError('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:6379'), 'redis'],
    [Object.assign(new Error('wrapped'), { cause: pgError('57P01') }), 'postgres'],
  ])('%s is an outage of %s', (err, service) => {
    expect(outageOf(err)).toBe(service);
  });

  it.each([
    new TypeError("Cannot read properties of undefined (reading 'id')"),
    typeorm(pgError('22P02', 'invalid input syntax for type uuid')),
    typeorm(pgError('23505', 'duplicate key value')),
    pgError('42P01', 'relation "nope" does not exist'),
    new Error('malformed payload'),
    null,
    'a string',
  ])('%s is not an outage', (err) => {
    expect(outageOf(err)).toBeNull();
  });

  it('knows Redis on a port of its own (the refused connection names the port, not Redis)', () => {
    const refused = Object.assign(pgError('ECONNREFUSED', 'connect ECONNREFUSED 10.0.0.5:6390'), { port: 6390 });
    expect(outageOf(refused)).toBe('postgres');
    noteRedisUrl('redis://10.0.0.5:6390/0');
    expect(outageOf(refused)).toBe('redis');
    expect(outageOf(pgError('ECONNREFUSED', 'connect ECONNREFUSED 10.0.0.5:5432'))).toBe('postgres');
  });

  it('tells a statement that timed out or lost a conflict from an outage (retried, but not without limit)', () => {
    const timeout = typeorm(pgError('57014', 'canceling statement due to statement timeout'));
    expect(outageOf(timeout)).toBeNull();
    expect(contentionOf(timeout)).toBe('57014');
    expect(contentionOf(pgError('40P01', 'deadlock detected'))).toBe('40P01');
    expect(contentionOf(pgError('57P01'))).toBeNull();
    expect(contentionOf(new TypeError('x'))).toBeNull();
  });

  it('names data errors: bad values are invalid input, broken uniqueness a conflict', () => {
    expect(dataErrorOf(typeorm(pgError('22008', 'date/time field value out of range')))).toEqual({
      code: '22008',
      kind: 'invalid',
    });
    expect(dataErrorOf(typeorm(pgError('22003', 'bigint out of range')))).toMatchObject({ kind: 'invalid' });
    expect(dataErrorOf(typeorm(pgError('23505')))).toMatchObject({ kind: 'conflict' });
    expect(dataErrorOf(pgError('57P01'))).toBeNull();
    expect(dataErrorOf(new TypeError('x'))).toBeNull();
  });
});

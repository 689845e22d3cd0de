// Database tests create a database and run migrations before their first case.
jest.setTimeout(30_000);

// test:pg runs the database suites against a PostgreSQL server: it needs to know which.
if (!process.env.DATABASE_URL) {
  process.stderr.write('test:pg needs DATABASE_URL, e.g. DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run test:pg\n');
  process.exit(1);
}

// Tests of [RequiresPostgres] classes are listed as skipped, with the reason, when QUOTEBOT_TEST_POSTGRES is not set.
[assembly: Xunit.TestFramework("QuoteBot.Tests.Shared.Postgres.PostgresTestFramework", "QuoteBot.Testing")]

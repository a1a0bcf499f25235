using System.Reflection;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace QuoteBot.Tests.Shared.Postgres;

/// <summary>Marks a test class that needs the PostgreSQL server of <see cref="PostgresServer"/>.</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class RequiresPostgresAttribute : Attribute;

/// <summary>When skipped, the test is listed under its skip reason (console runners print names, not reasons).</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class NameSkipReasonAttribute : Attribute;

/// <summary>
/// Each test project that links this file selects it with
/// <c>[assembly: Xunit.TestFramework("QuoteBot.Tests.Shared.Postgres.PostgresTestFramework", "&lt;its assembly&gt;")]</c>.
/// Without QUOTEBOT_TEST_POSTGRES, every test of a [RequiresPostgres] class (inherited contract tests included) is
/// reported as skipped with the reason <see cref="PostgresServer.MissingMessage"/>, one line per test in the
/// summary, instead of failing dozens of times or passing without having run. With the variable set, the tests run
/// as usual, and an unreachable server fails them with the connection error.
/// </summary>
public sealed class PostgresTestFramework(IMessageSink messageSink) : XunitTestFramework(messageSink)
{
    protected override ITestFrameworkDiscoverer CreateDiscoverer(IAssemblyInfo assemblyInfo) =>
        new Discoverer(assemblyInfo, SourceInformationProvider, DiagnosticMessageSink);

    private sealed class Discoverer(IAssemblyInfo assembly, ISourceInformationProvider source, IMessageSink sink)
        : XunitTestFrameworkDiscoverer(assembly, source, sink)
    {
        protected override bool FindTestsForType(ITestClass testClass, bool includeSourceInformation, IMessageBus messageBus, ITestFrameworkDiscoveryOptions discoveryOptions)
        {
            var reason = PostgresServer.SkipReason;
            if (reason is null || !testClass.Class.GetCustomAttributes(typeof(RequiresPostgresAttribute)).Any())
            {
                return base.FindTestsForType(testClass, includeSourceInformation, messageBus, discoveryOptions);
            }

            foreach (var method in testClass.Class.GetMethods(includePrivateMethods: false))
            {
                if (!method.GetCustomAttributes(typeof(FactAttribute)).Any())
                {
                    continue;
                }

                var testCase = new SkippedTestCase(DiagnosticMessageSink, discoveryOptions.MethodDisplayOrDefault(),
                    discoveryOptions.MethodDisplayOptionsOrDefault(), new TestMethod(testClass, method));
                if (!ReportDiscoveredTestCase(testCase, includeSourceInformation, messageBus))
                {
                    return false;
                }
            }

            return true;
        }
    }
}

/// <summary>A test case reported as skipped because PostgreSQL is not configured.</summary>
public sealed class SkippedTestCase : XunitTestCase
{
    [Obsolete("Called by the de-serializer; should only be called by deriving classes for de-serialization purposes")]
    public SkippedTestCase()
    {
    }

    public SkippedTestCase(IMessageSink sink, TestMethodDisplay display, TestMethodDisplayOptions options, ITestMethod method)
        : base(sink, display, options, method)
    {
    }

    protected override string GetSkipReason(IAttributeInfo factAttribute) => PostgresServer.MissingMessage;

    protected override void Initialize()
    {
        base.Initialize();
        if (TestMethod.Method.GetCustomAttributes(typeof(NameSkipReasonAttribute)).Any())
        {
            DisplayName = PostgresServer.MissingMessage;
        }
    }
}

# syntax=docker/dockerfile:1
# Build: docker build -t quotebot .
# Run:   docker run -d --name quotebot -v quotebot-data:/data -e Telegram__Token=... quotebot
# Tokens come from the environment (-e or --env-file), never from the image.
# It starts with an empty store (the sample corpus is for the terminal demo); fill it with the same image:
#   docker run --rm -v quotebot-data:/data -v "$PWD/articles:/in:ro" quotebot import /in
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
# quotebot is published Native AOT (QuoteBot.Host.csproj): the linker step needs clang and zlib's headers.
RUN apt-get update \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends clang zlib1g-dev \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /src
# Restore first (cached unless a project file changes).
COPY Bot.sln Directory.Build.props Directory.Packages.props ./
COPY src/QuoteBot.Core/QuoteBot.Core.csproj src/QuoteBot.Core/
COPY src/QuoteBot.Extraction/QuoteBot.Extraction.csproj src/QuoteBot.Extraction/
COPY src/QuoteBot.Ingest/QuoteBot.Ingest.csproj src/QuoteBot.Ingest/
COPY src/QuoteBot.Storage.Sqlite/QuoteBot.Storage.Sqlite.csproj src/QuoteBot.Storage.Sqlite/
COPY src/QuoteBot.Storage.Postgres/QuoteBot.Storage.Postgres.csproj src/QuoteBot.Storage.Postgres/
COPY src/QuoteBot.Telegram/QuoteBot.Telegram.csproj src/QuoteBot.Telegram/
COPY src/QuoteBot.Discord.Api/QuoteBot.Discord.Api.csproj src/QuoteBot.Discord.Api/
COPY src/QuoteBot.Discord/QuoteBot.Discord.csproj src/QuoteBot.Discord/
COPY src/QuoteBot.Cards/QuoteBot.Cards.csproj src/QuoteBot.Cards/
COPY src/QuoteBot.Web/QuoteBot.Web.csproj src/QuoteBot.Web/
COPY src/QuoteBot.Host/QuoteBot.Host.csproj src/QuoteBot.Host/
# Native AOT for linux-x64 (x86-64-v2 machine code, see QuoteBot.Host.csproj): one executable with the whole program
# as machine code (no JIT, no .NET runtime in the image), so one-shot commands (`quotebot extract`, `import`) start
# at once. The native libraries of SkiaSharp, HarfBuzz and SQLite are published next to it.
RUN dotnet restore src/QuoteBot.Host/QuoteBot.Host.csproj -r linux-x64 -p:PublishAot=true
COPY config/ config/
COPY src/ src/
RUN dotnet publish src/QuoteBot.Host/QuoteBot.Host.csproj -c Release -o /app --no-restore -r linux-x64 \
    && rm -f /app/*.dbg

# runtime-deps: the libraries a native .NET program needs (glibc, ICU for culture data, OpenSSL), no runtime.
FROM mcr.microsoft.com/dotnet/runtime-deps:10.0 AS runtime
# Fonts for quote cards: Latin, Cyrillic and Greek (Noto, DejaVu), Arabic and Hebrew (Noto), CJK, colour emoji;
# fontconfig lets the card renderer find a font for each character.
RUN apt-get update \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
       fontconfig fonts-dejavu-core fonts-noto-core fonts-noto-cjk fonts-noto-color-emoji \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /app ./
# The database lives on a volume; tokens come from the environment (never baked into the image).
ENV Storage__Path=/data/quotebot.db \
    Chat__Terminal=never \
    Corpus__LoadSampleWhenEmpty=false \
    Http__Urls=http://0.0.0.0:8080 \
    DOTNET_ENVIRONMENT=Production \
    MALLOC_ARENA_MAX=2
# The young generation's budget needs no variable here: the executable carries a 16 MiB cap (System.GC.Gen0MaxBudget,
# QuoteBot.Host.csproj; quotebot.runtimeconfig.json in a JIT build), so hosts that report a huge shared L3 do not let
# tens of MB of garbage pile up between collections. A budget, not a ceiling: a large import or export can still use what it needs.
# MALLOC_ARENA_MAX: glibc gives each thread that contends for malloc its own arena and keeps freed blocks there; SQLite
# is called from thread-pool threads, and a 1M-quote import peaked at 423 MB with the default, 292 MB with two arenas
# (docs/benchmarks.md, "Disk and memory (session 7)").
RUN mkdir -p /data && chown -R app:app /data
VOLUME ["/data"]
# Quote pages, /healthz, /readyz and the Telegram webhook (when Telegram__WebhookUrl is set).
EXPOSE 8080
USER app
# The runtime image has no curl: bash speaks HTTP/1.0 to /healthz itself.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/8080 && printf 'GET /healthz HTTP/1.0\\r\\nHost: localhost\\r\\n\\r\\n' >&3 && head -n 1 <&3 | grep -q ' 200 '"]
ENTRYPOINT ["/app/quotebot"]

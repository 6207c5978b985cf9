# Build: the official Swift image compiles the server in release mode.
FROM swift:6.1-bookworm AS build
RUN apt-get update \
 && apt-get install -y --no-install-recommends libsqlite3-dev libssl-dev \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
# Every folder Package.swift names must exist for the manifest to load, tests and benchmark included.
COPY Package.swift ./
COPY Sources ./Sources
COPY Tests ./Tests
COPY Benchmarks ./Benchmarks
COPY scripts ./scripts
# The same script CI runs to build the release.
RUN scripts/build-release.sh /out

# Run: a slim Debian with the system libraries the server links, as a user that is not root.
# The data (database and documents) is the one volume; back it up with `approvals backup`.
FROM debian:bookworm-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends libsqlite3-0 libssl3 tzdata ca-certificates curl \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --home-dir /srv/approvals approvals \
 && mkdir -p /srv/approvals /data \
 && chown approvals /data
WORKDIR /srv/approvals
COPY --from=build /out/ /srv/approvals/bin/
COPY Migrations ./Migrations
COPY Public ./Public
USER 10001
VOLUME ["/data"]
EXPOSE 8080
# Liveness only (/healthz): /readyz is for the load balancer, which should stop sending traffic
# without the container being restarted. With --tls-cert, change the URL to https and add -k.
HEALTHCHECK --interval=30s --timeout=3s --start-period=10s CMD ["curl", "-fsS", "http://127.0.0.1:8080/healthz"]
ENTRYPOINT ["/srv/approvals/bin/approvals"]
CMD ["serve", "--host", "0.0.0.0", "--port", "8080", "--data", "/data"]

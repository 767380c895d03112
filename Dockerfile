# The container image of the suite: the four servers and nanoctl-client in one
# image, the program chosen by the first argument (tools/container/entrypoint).
#
#   docker build -t nanoinfluence:0.1.0 .
#   buildah bud -t nanoinfluence:0.1.0 .
#   docker run --rm nanoinfluence:0.1.0 kpi --help
#
# Both stages are pinned to a dated Debian release, so a rebuild gets the same
# libraries the build was tested with; the runtime stage must carry the very
# library versions (sonames) the build stage linked against. Bump both dates
# together. tests/deploy/dockerfile_test.mjs checks this file.

FROM debian:bookworm-20241111 AS build
# The compile dependencies only (no Redis, no browser): the list lives in
# tools/install-deps, so the image and a developer machine never disagree.
COPY tools/install-deps /src/tools/install-deps
RUN /src/tools/install-deps --build-only && rm -rf /var/lib/apt/lists/*
COPY . /src
# Only the shipped programs: the tests and benchmarks stay out of the image
# (their build takes most of the time).
RUN cmake -S /src -B /build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
 && cmake --build /build --target recruitment_server dispatch_server \
      ugc_server kpi_server nanoctl-client \
 && strip --strip-debug /build/services/*/*_server \
      /build/tools/nanoctl_client/nanoctl-client

FROM debian:bookworm-20241111-slim AS runtime
# Runtime libraries only: no compiler, no -dev package. libpq5 is for the
# PostgreSQL backend (NANO_DATABASE_URL=postgresql://...); ca-certificates
# for TLS to a managed database.
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      libgrpc++1.51 libprotobuf32 libabsl20220623 libhiredis0.14 \
      libsqlite3-0 libicu72 libjwt0 libssl3 libcivetweb1 libpq5 libjemalloc2 \
      ca-certificates \
 && rm -rf /var/lib/apt/lists/*
# A fixed numeric UID, so Kubernetes' runAsNonRoot can verify it and volume
# ownership (fsGroup) matches across rebuilds.
RUN groupadd --system --gid 10001 nano \
 && useradd --system --uid 10001 --gid 10001 --home-dir /var/lib/nanoinfluence \
      --shell /usr/sbin/nologin nano \
 && install -d -o 10001 -g 10001 -m 0750 /var/lib/nanoinfluence
COPY --from=build /build/services/recruitment/recruitment_server /usr/local/bin/
COPY --from=build /build/services/dispatch/dispatch_server /usr/local/bin/
COPY --from=build /build/services/ugc/ugc_server /usr/local/bin/
COPY --from=build /build/services/kpi/kpi_server /usr/local/bin/
COPY --from=build /build/tools/nanoctl_client/nanoctl-client /usr/local/bin/
COPY tools/container/entrypoint /usr/local/bin/nanoinfluence
USER 10001:10001
WORKDIR /var/lib/nanoinfluence
# The SQLite default writes <service>.db here; Kubernetes mounts a volume.
ENV NANO_DATA_DIR=/var/lib/nanoinfluence
ENTRYPOINT ["/usr/local/bin/nanoinfluence"]

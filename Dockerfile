# Earmark as a container: built with the Rust toolchain, run on a slim Debian as a non-root
# user with the site's files inside (the migrations are compiled into the binary and run at
# start). `docker compose -f contrib/docker/compose.yaml up` runs two instances on PostgreSQL
# and S3-compatible storage (see contrib/docker/README.md).

FROM rust:1-bookworm AS build
# The versions scripts/lib.sh pins: cargo-leptos, wasm-bindgen-cli equal to Cargo.lock's
# wasm-bindgen, and npm's binaryen (Debian's wasm-opt makes a WASM that does not hydrate).
RUN apt-get update && apt-get install -y --no-install-recommends nodejs npm && rm -rf /var/lib/apt/lists/* \
    && rustup target add wasm32-unknown-unknown \
    && cargo install --locked cargo-leptos --version 0.3.10 \
    && cargo install --locked wasm-bindgen-cli --version 0.2.130 \
    && mkdir /tools && cd /tools && npm install --no-audit --no-fund --silent binaryen@132.0.0
ENV PATH=/tools/node_modules/.bin:$PATH
WORKDIR /src
COPY . .
RUN LEPTOS_SITE_ROOT=/src/target/site cargo leptos build --release \
    && target/release/earmark precompress --site-root /src/target/site

FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --home-dir /var/lib/earmark --create-home earmark
COPY --from=build /src/target/release/earmark /usr/local/bin/earmark
# The hashed names of the site's files: the server reads them beside its binary.
COPY --from=build /src/target/release/hash.txt /usr/local/bin/hash.txt
COPY --from=build /src/target/site /usr/share/earmark/site
COPY --from=build /src/migrations /usr/share/earmark/migrations
ENV LEPTOS_SITE_ROOT=/usr/share/earmark/site \
    LEPTOS_HASH_FILES=true \
    EARMARK_ADDR=0.0.0.0:3000 \
    EARMARK_DATABASE=/var/lib/earmark/earmark.db \
    EARMARK_LOG_FORMAT=json
USER earmark
WORKDIR /var/lib/earmark
VOLUME /var/lib/earmark
EXPOSE 3000 9464
CMD ["earmark", "serve"]

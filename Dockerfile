# syntax=docker/dockerfile:1
#
# Over the Wire in containers. The last stage, the default target, is the demo server:
#
#   docker build -t over-the-wire/demo-server .
#   docker run --rm -p 8787:8787 -e ALLOWED_ORIGINS=https://example.org over-the-wire/demo-server
#
# The `web` stage is nginx serving the built static site in front of the demo servers; compose.yaml builds
# both and runs two demo-server instances behind it (see docs/operate/containers.mdx).

# --- Production dependencies only (ws, basic-ftp, http-cache-semantics) ------------------------------------
FROM node:24-slim AS deps
WORKDIR /app
COPY package.json package-lock.json .npmrc ./
RUN npm ci --omit=dev --no-audit --no-fund

# --- The static site, built with the public addresses it will be served from --------------------------------
FROM node:24-slim AS site
WORKDIR /app
COPY package.json package-lock.json .npmrc ./
RUN npm ci --no-audit --no-fund
COPY . .
# Where the demos connect, and the site's own canonical address (README, "The static site").
ARG DEMO_SERVER_URL=http://localhost:8787
ARG SITE_URL=http://localhost:8080
ARG BASE_URL=/
ARG REPOSITORY_URL=https://github.com/over-the-wire/over-the-wire
# No .git in the build context (.dockerignore): the pages are built without "Last updated" dates.
RUN DEMO_SERVER_URL="$DEMO_SERVER_URL" SITE_URL="$SITE_URL" BASE_URL="$BASE_URL" REPOSITORY_URL="$REPOSITORY_URL" \
    npm run build

# --- nginx: the static site, and the demo servers behind it (compose.yaml) ----------------------------------
FROM nginx:1.28-alpine AS web
# The official image renders /etc/nginx/templates/*.template with the container's environment at start
# (only variables that are set, so nginx's own $variables stay as they are) into /etc/nginx/conf.d/.
COPY deploy/nginx/templates/ /etc/nginx/templates/
COPY --from=site /app/build/ /usr/share/nginx/html/
ENV SITE_PORT=8080 SITE_ROOT=/usr/share/nginx/html DEMO_PORT=8787
EXPOSE 8080 8787

# --- The demo server (default target) -----------------------------------------------------------------------
FROM node:24-slim AS demo-server
ENV NODE_ENV=production HOST=0.0.0.0 PORT=8787
WORKDIR /app
# Owned by root and read-only to the server's user: the process cannot rewrite its own code.
COPY --from=deps /app/node_modules/ ./node_modules/
# version.ts reads the root package.json; demo-server/package.json marks the sources as ES modules;
# demo-server/ftp-files are the FTP demo's files, read at start.
COPY package.json ./
COPY demo-server/package.json ./demo-server/package.json
COPY demo-server/src/ ./demo-server/src/
COPY demo-server/ftp-files/ ./demo-server/ftp-files/
USER node
EXPOSE 8787
# No curl in the image: Node's own fetch. Unhealthy after 3 failures 30 s apart.
HEALTHCHECK --interval=30s --timeout=3s --start-period=10s --retries=3 \
    CMD ["node", "-e", "fetch(`http://127.0.0.1:${process.env.PORT}/health`).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# Exec form: node is PID 1 and gets SIGTERM itself; main.ts closes every WebSocket with 1001 and exits
# within 5 s, inside `docker stop`'s default 10 s.
STOPSIGNAL SIGTERM
CMD ["node", "demo-server/src/main.ts"]

# syntax=docker/dockerfile:1
# Multi-stage build: compile with dev dependencies, run with production ones only.

FROM node:20-bookworm-slim AS build
WORKDIR /app
# The image's npm 10 runs install scripts: swagger-ui's @scarf/scarf would report the install (npm 11 is told not to in
# package.json's allowScripts).
ENV SCARF_ANALYTICS=false
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build && npm prune --omit=dev --no-audit --no-fund

FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build --chown=node:node /app/package.json ./
COPY --from=build --chown=node:node /app/node_modules ./node_modules
COPY --from=build --chown=node:node /app/dist ./dist
# The console, served by the API at / (test/docker-image.e2e-spec.ts starts the API from exactly these files).
COPY --from=build --chown=node:node /app/web/dist ./web/dist
USER node
EXPOSE 3000
# The API by default; the worker and the migration use the same image with another command.
CMD ["node", "dist/src/main.js"]

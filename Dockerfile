# The API image for docker-compose.yml. PostgreSQL runs as its own service, so the embedded
# PostgreSQL's install script is not needed (and no install script runs: --ignore-scripts). So the
# image needs DATABASE_URL: without it, the embedded PostgreSQL's initdb finds none of its
# libraries (libicuuc.so.60) and the server does not start.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts
COPY . .
RUN npx nest build api && npm prune --omit=dev --ignore-scripts

FROM node:20-bookworm-slim
ENV NODE_ENV=production PORT=3000 DATA_DIR=/app/data
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
RUN mkdir -p /app/data && chown node:node /app/data
USER node
EXPOSE 3000
CMD ["node", "dist/apps/api/apps/api/src/main.js"]

# Huddle server image. Point REDIS_URL and DATABASE_URL at real services for production
# (docker-compose.yml shows two nodes behind nginx with Redis and PostgreSQL).

# The web pages, built once with Node.
FROM node:20-slim AS web
WORKDIR /web
COPY web/package.json web/package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY web/ ./
RUN npm run build

FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    HOST=0.0.0.0 \
    PORT=8000 \
    HUDDLE_WEB_DIR=/app/web/dist

WORKDIR /app
COPY pyproject.toml README.md ./
COPY games ./games
COPY server ./server
RUN pip install --no-cache-dir . \
    && useradd --create-home --uid 10001 huddle \
    && mkdir -p /data/media && chown -R huddle /data
COPY --from=web /web/dist ./web/dist

USER huddle
ENV DATABASE_URL=sqlite+aiosqlite:////data/huddle.db \
    HUDDLE_MEDIA_DIR=/data/media
EXPOSE 8000
HEALTHCHECK --interval=10s --timeout=3s CMD python -c "import urllib.request,os; urllib.request.urlopen(f'http://127.0.0.1:{os.environ.get(\"PORT\",\"8000\")}/healthz')"
CMD ["huddle", "serve"]

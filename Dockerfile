# The ergraph HTTP API in a container: `docker compose up` runs it against Neo4j
# (see docker-compose.yml). Configuration comes from ERGRAPH_* environment variables.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /src
COPY . .
RUN pip install . \
    && useradd --create-home --uid 10001 ergraph

# Run unprivileged, away from the sources.
USER ergraph
WORKDIR /home/ergraph
EXPOSE 8000
CMD ["ergraph", "serve", "--host", "0.0.0.0", "--port", "8000"]

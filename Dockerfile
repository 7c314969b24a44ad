# Procura production image: OpenAPI document → UI build → Go build → small
# non-root runtime. No Docker engine runs on the development machines; this
# file is kept correct by reading (see README.md).

# The Go sources, and the OpenAPI document the UI's API types are generated
# from (written without a database).
FROM golang:1.26-bookworm AS source
WORKDIR /src
ENV CGO_ENABLED=0
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN go run ./app openapi /out/openapi.json

FROM node:20-bookworm-slim AS ui
WORKDIR /src/frontend
COPY frontend/package.json frontend/package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY frontend/ ./
COPY --from=source /out/openapi.json /tmp/openapi.json
# Go is not in this stage: the generator reads the document written above.
ENV PROCURA_OPENAPI=/tmp/openapi.json
RUN npm run build

FROM source AS build
COPY --from=ui /src/frontend/dist ./frontend/dist
ARG VERSION=dev
RUN go build -tags ui -trimpath -ldflags "-s -w -X main.version=${VERSION}" -o /out/procura ./app

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/procura /usr/local/bin/procura
ENV PROCURA_ADDR=0.0.0.0:8080
EXPOSE 8080
USER nonroot:nonroot
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 CMD ["/usr/local/bin/procura", "healthcheck"]
ENTRYPOINT ["/usr/local/bin/procura"]
CMD ["serve"]

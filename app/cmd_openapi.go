package main

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"

	"github.com/prometheus/client_golang/prometheus"

	"procura/app/httpapi"
)

// noImports stands in for the import queue of a server that only lists
// its routes.
type noImports struct{}

func (noImports) EnqueueImportTx(context.Context, *sql.Tx, int64) error {
	return errors.New("this server only describes its routes")
}

// writeOpenAPI writes the OpenAPI document of the route table, which the
// frontend's build turns into its API types. It needs no database: the
// route table is built without one.
func writeOpenAPI(args []string, stdout io.Writer) error {
	if len(args) > 1 {
		return errors.New("usage: app openapi [FILE]")
	}
	srv := httpapi.New(httpapi.Deps{Log: slog.New(slog.DiscardHandler), Metrics: prometheus.NewRegistry(), BodyLimit: 1 << 20,
		Imports: noImports{}, Version: version})
	doc, err := srv.OpenAPI()
	if err != nil {
		return fmt.Errorf("openapi: %w", err)
	}
	body, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		return fmt.Errorf("openapi: %w", err)
	}
	body = append(body, '\n')
	if len(args) == 0 {
		_, err = stdout.Write(body)
		return err
	}
	return os.WriteFile(args[0], body, 0o644)
}

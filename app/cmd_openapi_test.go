package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
)

// TestOpenAPICommand: the document the frontend's types are generated
// from is written without a database, to standard output or a file.
func TestOpenAPICommand(t *testing.T) {
	var out bytes.Buffer
	if err := run(context.Background(), []string{"openapi"}, func(string) string { return "" }, &out, &out); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Paths      map[string]any `json:"paths"`
		Components struct {
			Schemas map[string]any `json:"schemas"`
		} `json:"components"`
	}
	if err := json.Unmarshal(out.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Paths["/api/v1/suggestions/{id}"] == nil || doc.Components.Schemas["suggestionResponse"] == nil {
		t.Errorf("document lacks the suggestion routes: %d paths", len(doc.Paths))
	}
	file := filepath.Join(t.TempDir(), "openapi.json")
	if err := run(context.Background(), []string{"openapi", file}, func(string) string { return "" }, &out, &out); err != nil {
		t.Fatal(err)
	}
	if b, err := os.ReadFile(file); err != nil || !json.Valid(b) {
		t.Errorf("file: %v", err)
	}
}

package store_test

import (
	"testing"

	"procura/app/testdb"
)

func TestMain(m *testing.M) { testdb.Main(m) }

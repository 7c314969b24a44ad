package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"

	"github.com/jackc/pgx/v5/pgconn"
	"gorm.io/gorm"
)

// ListTotal is how many rows a list's filters match: exactly when Exact,
// else the planner's estimate (at least exactTotalLimit+1, rounded to two
// significant digits).
type ListTotal struct {
	N     int64
	Exact bool
}

// exactTotalLimit is the most matches a list counts; above it the total
// is an estimate. Counting stops at exactTotalLimit+1 matches, so an
// exact total never reads more than that many rows of the matching plan;
// totalTimeout guards the count against a plan that must read far more
// rows than it matches to find them (the estimate is given then).
//
// The limit is what the count costs on a full page of a broad list: a
// count of 10,001 rows read that many rows of the table on every first
// page (4–5 ms of the server's CPU, and most of a broad list's time under
// load); 1,001 rows cost a tenth of that, and beyond 1,000 matches (50
// pages) "约 N 条" is what a reader needs.
//
// estimateAbove is the planner's estimate above which a list is not
// counted at all: counting to 1,001 among rows that match only in their
// combination (a unit's issued suggestions that mention a word) builds
// bitmaps of each filter's index, 100–250 ms over a million rows, to say
// "more than 1,000". The planner's estimates of the list filters come
// from their extended statistics (migration 00020) and are within a
// small factor of the truth; ten times the limit leaves room for that.
const (
	exactTotalLimit = 1000
	estimateAbove   = 10 * exactTotalLimit
	totalTimeout    = "300ms"
)

// errCountTimedOut is the capped count running out of time.
var errCountTimedOut = errors.New("count timed out")

// listTotal counts the rows p's filters match (not its cursor, offset or
// sort): exactly up to exactTotalLimit, else as the planner estimates
// them, rounded to two significant digits. It asks the planner first and
// counts only when the estimate is not far above the limit.
func (db *DB) listTotal(ctx context.Context, p *keysetPage) (ListTotal, error) {
	if err := db.resolveUnits(ctx, p); err != nil {
		return ListTotal{}, err
	}
	if err := db.narrowSearch(ctx, p); err != nil {
		return ListTotal{}, err
	}
	from := "SELECT 1 FROM " + p.table + " " + p.alias + " WHERE " + joined(p.conds)
	est, err := db.estimateRows(ctx, "SELECT 1 FROM "+p.table+" "+p.alias+" WHERE "+joined(p.estimates), p.args)
	if err != nil {
		return ListTotal{}, err
	}
	if est > estimateAbove {
		return ListTotal{N: roundEstimate(est)}, nil
	}
	var n int64
	// In a transaction of the list pool's, whose statements are planned
	// for their values, so that SET LOCAL bounds this statement only.
	err = db.listConn(ctx).Transaction(func(c *gorm.DB) error {
		if err := c.Exec("SET LOCAL statement_timeout = '" + totalTimeout + "'").Error; err != nil {
			return translate(err)
		}
		err := c.Raw(fmt.Sprintf("SELECT count(*) FROM (%s LIMIT %d) AS capped", from, exactTotalLimit+1), p.args...).Row().Scan(&n)
		var pgErr *pgconn.PgError
		if errors.As(err, &pgErr) && pgErr.Code == "57014" {
			return errCountTimedOut
		}
		return translate(err)
	})
	switch {
	case err == nil && n <= exactTotalLimit:
		return ListTotal{N: n, Exact: true}, nil
	case err != nil && !errors.Is(err, errCountTimedOut):
		return ListTotal{}, fmt.Errorf("list total: %w", err)
	}
	return ListTotal{N: roundEstimate(max(est, n, exactTotalLimit+1))}, nil
}

// estimateRows is the planner's estimate of the rows query returns,
// asked once per request that has a list memo (WithListMemo).
func (db *DB) estimateRows(ctx context.Context, query string, args []any) (int64, error) {
	memo := memoIn(ctx)
	if len(args) > 0 {
		memo = nil // the lists' estimates have none; a key would need them
	}
	if n, ok := memoGet(memo, memoEstimates, query); ok {
		return n, nil
	}
	var plan string
	if err := db.listConn(ctx).Raw("EXPLAIN (FORMAT JSON) "+query, args...).Row().Scan(&plan); err != nil {
		return 0, fmt.Errorf("list total estimate: %w", translate(err))
	}
	var plans []struct {
		Plan struct {
			Rows float64 `json:"Plan Rows"`
		} `json:"Plan"`
	}
	if err := json.Unmarshal([]byte(plan), &plans); err != nil || len(plans) != 1 {
		return 0, fmt.Errorf("list total estimate: unreadable plan: %v", err)
	}
	n := int64(plans[0].Plan.Rows)
	memoPut(memo, memoEstimates, query, n)
	return n, nil
}

// roundEstimate keeps two significant digits of n: an estimate should not
// look exact.
func roundEstimate(n int64) int64 {
	if n < 100 {
		return n
	}
	unit := int64(math.Pow10(int(math.Floor(math.Log10(float64(n)))) - 1))
	return (n + unit/2) / unit * unit
}

// CountSuggestions is the total of the suggestions f's filters match.
func (db *DB) CountSuggestions(ctx context.Context, f SuggestionFilter) (ListTotal, error) {
	return db.listTotal(ctx, suggestionPage(f))
}

// CountHearings is the total of the hearings f's filters match.
func (db *DB) CountHearings(ctx context.Context, f HearingFilter) (ListTotal, error) {
	return db.listTotal(ctx, hearingPage(f))
}

// CountCases is the total of the cases f's filters match.
func (db *DB) CountCases(ctx context.Context, f CaseFilter) (ListTotal, error) {
	return db.listTotal(ctx, casePage(f))
}

package store

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strings"
	"sync"
	"time"
)

// A text search of three or more characters finds its rows through a
// trigram index, which reads the posting list of every trigram of the
// search. A whole 文号 or case number holds trigrams that nearly every
// row has ("202", "025", the digits of a unit's code), and each of those
// costs a hundred index pages or more, 10–20 ms a search over a million
// rows, though one row matches. So such a search looks its rows up by its
// cheapest piece, the one whose trigrams are rare, and checks the whole
// search on the rows found: the rows are the same, and the index reads
// the posting lists of the rare trigrams only. How common each trigram is
// comes from the statistics ANALYZE keeps of the search texts' trigrams
// (migration 00046).

// The pieces tried are from three characters (a trigram) to eight (six
// trigrams), taken from the first pieceSearchRunes characters of the
// search.
const (
	pieceMinRunes    = 3
	pieceMaxRunes    = 8
	pieceSearchRunes = 40
	// pieceMinGrams is the fewest trigrams a piece must look up: one
	// trigram alone may match thousands of rows.
	pieceMinGrams = 2
	// recheckWeight is what reading and checking one row the index found
	// costs against reading one entry of a posting list (a heap page and
	// the comparison against a compressed item pointer).
	recheckWeight = 500
	// gramStatsTTL is how long the frequencies read from the statistics
	// are used before they are read again (ANALYZE renews them).
	gramStatsTTL = 10 * time.Minute
)

// gramFreqs is how common the trigrams of one search text are: the share
// of rows holding each of the most common trigrams, and rare, the share
// assumed of any other (half the least common one's). Without statistics
// freq is empty.
type gramFreqs struct {
	freq map[string]float64
	rare float64
}

// share is the share of rows assumed to hold gram.
func (f gramFreqs) share(gram string) float64 {
	if s, ok := f.freq[gram]; ok {
		return s
	}
	return f.rare
}

// cost is what looking rows up by grams costs, in posting-list entries
// per row of the table: every entry of each trigram's list, and each row
// found read and checked. The rows found are estimated from the rarest
// trigram, narrowed by the square root of the others' shares: the
// trigrams of one piece overlap by two characters and are far from
// independent ("000" and "00号" go together; as if independent, a piece
// of them was expected in 15 rows of a million and was in 755).
func (f gramFreqs) cost(grams []string) float64 {
	if len(grams) == 0 {
		return math.Inf(1)
	}
	shares := make([]float64, len(grams))
	sum := 0.0
	for i, g := range grams {
		shares[i] = f.share(g)
		sum += shares[i]
	}
	slices.Sort(shares)
	others := 1.0
	for _, s := range shares[1:] {
		others *= s
	}
	return sum + recheckWeight*shares[0]*math.Sqrt(others)
}

// gramStatsCache holds the trigram frequencies of each statistics object
// read. The lock guards the map only: one request reads an object's
// statistics again when they are due, the others meanwhile use what was
// read before (or look their search up whole).
type gramStatsCache struct {
	mu sync.Mutex
	m  map[string]*gramStatsEntry
}

type gramStatsEntry struct {
	freqs   gramFreqs
	due     time.Time // when to read them again
	reading bool
}

// gramStatsRetry is how long after a failed read the statistics are read
// again; gramStatsTimeout bounds a read.
const (
	gramStatsRetry   = 30 * time.Second
	gramStatsTimeout = 2 * time.Second
)

// searchPiece is a piece of a search and the trigrams a LIKE for it looks
// up in the index.
type searchPiece struct {
	text  string
	grams []string
}

// cheapestPiece returns the piece whose lookup costs least, or q when
// there are no statistics, no piece looks up enough trigrams, or the best
// piece costs more than half what q's own trigrams (those of all its
// pieces) cost: narrowing a search that is rare throughout gains nothing.
func cheapestPiece(q string, pieces []searchPiece, f gramFreqs) string {
	if len(f.freq) == 0 {
		return q
	}
	best, bestCost := "", math.Inf(1)
	all := map[string]bool{}
	for _, p := range pieces {
		for _, g := range p.grams {
			all[g] = true
		}
		if len(p.grams) < pieceMinGrams {
			continue
		}
		c := f.cost(p.grams)
		if c < bestCost || c == bestCost && len(p.text) > len(best) {
			best, bestCost = p.text, c
		}
	}
	whole := make([]string, 0, len(all))
	for g := range all {
		whole = append(whole, g)
	}
	if best == "" || bestCost > f.cost(whole)/2 {
		return q
	}
	return best
}

// piecesOf returns the distinct pieces of q to try.
func piecesOf(q string) []string {
	r := []rune(q)
	if len(r) > pieceSearchRunes {
		r = r[:pieceSearchRunes]
	}
	seen := map[string]bool{}
	var out []string
	for n := pieceMinRunes; n <= pieceMaxRunes; n++ {
		for i := 0; i+n <= len(r); i++ {
			if p := string(r[i : i+n]); !seen[p] {
				seen[p] = true
				out = append(out, p)
			}
		}
	}
	return out
}

// gramFreqs returns the trigram frequencies of the statistics object
// stat, read at most every gramStatsTTL. Narrowing a search is only
// quicker, never needed: when the statistics cannot be read (or are being
// read by another request) it returns what it has, empty at first, and a
// search is then looked up whole. PostgreSQL shows the statistics to the
// tables' owner only, which the server's role is (migrations run as it).
func (db *DB) gramFreqs(ctx context.Context, stat string) gramFreqs {
	c := &db.gramStats
	c.mu.Lock()
	if c.m == nil {
		c.m = map[string]*gramStatsEntry{}
	}
	e := c.m[stat]
	if e == nil {
		e = &gramStatsEntry{}
		c.m[stat] = e
	}
	if e.reading || time.Now().Before(e.due) {
		f := e.freqs
		c.mu.Unlock()
		return f
	}
	e.reading = true
	c.mu.Unlock()

	// Not bound to the request: a request that ends early must not leave
	// the statistics unread for gramStatsRetry.
	rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), gramStatsTimeout)
	f, err := db.readGramFreqs(rctx, stat)
	cancel()
	c.mu.Lock()
	defer c.mu.Unlock()
	e.reading = false
	if err != nil {
		e.due = time.Now().Add(gramStatsRetry)
		return e.freqs
	}
	e.freqs, e.due = f, time.Now().Add(gramStatsTTL)
	return f
}

// readGramFreqs reads the trigram frequencies of the statistics object
// stat in the current schema.
func (db *DB) readGramFreqs(ctx context.Context, stat string) (gramFreqs, error) {
	// The most common elements in order, then (with no element) the
	// least and greatest of their frequencies and the share of NULLs.
	rows, err := db.listConn(ctx).Raw(`SELECT x.gram, x.freq
		FROM pg_stats_ext_exprs e, unnest(e.most_common_elems::text::text[], e.most_common_elem_freqs) WITH ORDINALITY AS x(gram, freq, n)
		WHERE e.statistics_schemaname = current_schema() AND e.statistics_name = ? ORDER BY x.n`, stat).Rows()
	if err != nil {
		return gramFreqs{}, fmt.Errorf("search statistics: %w", translate(err))
	}
	defer rows.Close()
	f := gramFreqs{freq: map[string]float64{}}
	least := -1.0
	for rows.Next() {
		var gram *string
		var freq float64
		if err := rows.Scan(&gram, &freq); err != nil {
			return gramFreqs{}, fmt.Errorf("search statistics: %w", translate(err))
		}
		switch {
		case gram != nil:
			f.freq[*gram] = freq
		case least < 0:
			least = freq
		}
	}
	if err := rows.Err(); err != nil {
		return gramFreqs{}, fmt.Errorf("search statistics: %w", translate(err))
	}
	f.rare = max(least, 0) / 2
	return f, nil
}

// searchPieceFor returns the piece of q to look rows up by in the trigram
// index whose statistics object is stat (q itself when none is cheaper).
func (db *DB) searchPieceFor(ctx context.Context, stat, q string) (string, error) {
	memo, key := memoIn(ctx), stat+"\x00"+q
	if piece, ok := memoGet(memo, memoPieces, key); ok {
		return piece, nil
	}
	f := db.gramFreqs(ctx, stat)
	texts := piecesOf(q)
	if len(f.freq) == 0 || len(texts) < 2 {
		return q, nil
	}
	// A piece's trigrams are those show_trgm finds in it alone and also
	// with a word character on each side: without the ones that pad its
	// ends, which LIKE '%piece%' does not look up. '|' is no word
	// character, so it is in no trigram.
	rows, err := db.listConn(ctx).Raw(`SELECT array_to_string(show_trgm(p), '|'), array_to_string(show_trgm('x' || p || 'x'), '|')
		FROM unnest(?::text[]) WITH ORDINALITY AS u(p, n) ORDER BY n`, textArray(texts)).Rows()
	if err != nil {
		return "", fmt.Errorf("search pieces: %w", translate(err))
	}
	defer rows.Close()
	pieces := make([]searchPiece, 0, len(texts))
	for i := 0; rows.Next(); i++ {
		var alone, inWord string
		if err := rows.Scan(&alone, &inWord); err != nil {
			return "", fmt.Errorf("search pieces: %w", translate(err))
		}
		if i >= len(texts) {
			return "", fmt.Errorf("search pieces: more rows than pieces")
		}
		inner := map[string]bool{}
		for _, g := range strings.Split(inWord, "|") {
			inner[g] = true
		}
		p := searchPiece{text: texts[i]}
		for _, g := range strings.Split(alone, "|") {
			if g != "" && inner[g] {
				p.grams = append(p.grams, g)
			}
		}
		pieces = append(pieces, p)
	}
	if err := rows.Err(); err != nil {
		return "", fmt.Errorf("search pieces: %w", translate(err))
	}
	piece := cheapestPiece(q, pieces, f)
	memoPut(memo, memoPieces, key, piece)
	return piece, nil
}

// pieceSearch is a text search whose index lookup a cheaper piece may
// replace (see searchPieceFor): the condition at index cond of the page
// checks full LIKE '%q%'.
type pieceSearch struct {
	cond          int
	full, stat, q string
}

// narrowSearch replaces p's text search condition by a lookup of its
// cheapest piece and a check of the whole search, when a piece is
// cheaper. The check is strpos, which no index matches, so that the
// planner looks up the piece's trigrams only.
func (db *DB) narrowSearch(ctx context.Context, p *keysetPage) error {
	s := p.search
	if s == nil {
		return nil
	}
	p.search = nil
	piece, err := db.searchPieceFor(ctx, s.stat, s.q)
	if err != nil || piece == s.q {
		return err
	}
	p.conds[s.cond] = fmt.Sprintf("%s LIKE %s AND strpos(%s, %s) > 0",
		s.full, sqlLiteral("%"+escapeLike(piece)+"%"), s.full, sqlLiteral(s.q))
	return nil
}

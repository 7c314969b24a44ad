// Package password hashes and verifies passwords with argon2id and makes
// temporary passwords.
package password

import (
	"crypto/rand"
	"fmt"
	"math/big"
	"runtime"

	"github.com/alexedwards/argon2id"
)

// Hasher hashes with fixed argon2id parameters. Verification reads the
// parameters from the hash, so they can be changed without breaking
// stored passwords (Check says when a hash is due for new ones).
//
// Each hash holds its parameters' memory (19 MiB in production) while it
// runs, so at most one hash per processor runs at once: more would not
// finish sooner, and a burst of sign-ins would otherwise hold that much
// memory per request.
type Hasher struct {
	params *argon2id.Params
	dummy  string
	slots  chan struct{}
}

// Production parameters: OWASP's first argon2id configuration, 19 MiB of
// memory, two passes, one lane (OWASP lists it as as strong as 46 MiB and
// one pass, with less than half the memory held; see docs/decisions.md).
var Production = &argon2id.Params{Memory: 19 * 1024, Iterations: 2, Parallelism: 1, SaltLength: 16, KeyLength: 32}

// Fast parameters are for tests only: the race detector makes the
// production cost far slower.
var Fast = &argon2id.Params{Memory: 1024, Iterations: 1, Parallelism: 1, SaltLength: 16, KeyLength: 32}

// New returns a hasher with params.
func New(params *argon2id.Params) (*Hasher, error) {
	h := &Hasher{params: params, slots: make(chan struct{}, max(runtime.GOMAXPROCS(0), 1))}
	dummy, err := h.Hash("procura-dummy-password")
	if err != nil {
		return nil, err
	}
	h.dummy = dummy
	return h, nil
}

// slot waits for a turn to hash; the caller calls what it returns when done.
func (h *Hasher) slot() func() {
	h.slots <- struct{}{}
	return func() { <-h.slots }
}

// Hash returns the encoded argon2id hash of pw.
func (h *Hasher) Hash(pw string) (string, error) {
	defer h.slot()()
	s, err := argon2id.CreateHash(pw, h.params)
	if err != nil {
		return "", fmt.Errorf("hash password: %w", err)
	}
	return s, nil
}

// Verify reports whether pw matches hash, in constant time.
func (h *Hasher) Verify(pw, hash string) bool {
	ok, _ := h.Check(pw, hash)
	return ok
}

// Check reports whether pw matches hash, in constant time, and whether
// hash was made with other parameters than h's, so that it is due to be
// replaced by Hash(pw).
func (h *Hasher) Check(pw, hash string) (ok, stale bool) {
	defer h.slot()()
	ok, params, err := argon2id.CheckHash(pw, hash)
	if err != nil || !ok {
		return false, false
	}
	return true, *params != *h.params
}

// Dummy verifies against a fixed hash, so that a sign-in with an unknown
// username takes as long as one with a wrong password.
func (h *Hasher) Dummy(pw string) {
	h.Verify(pw, h.dummy)
}

const tempAlphabet = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"

// Temporary returns a random 14-character password without look-alike
// characters, for a new account's first sign-in.
func Temporary() (string, error) {
	b := make([]byte, 14)
	for i := range b {
		n, err := rand.Int(rand.Reader, big.NewInt(int64(len(tempAlphabet))))
		if err != nil {
			return "", fmt.Errorf("temporary password: %w", err)
		}
		b[i] = tempAlphabet[n.Int64()]
	}
	return string(b), nil
}

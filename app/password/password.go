// Package password hashes and verifies passwords with argon2id and makes
// temporary passwords.
package password

import (
	"crypto/rand"
	"fmt"
	"math/big"

	"github.com/alexedwards/argon2id"
)

// Hasher hashes with fixed argon2id parameters. Verification reads the
// parameters from the hash, so they can be raised without breaking stored
// passwords.
type Hasher struct {
	params *argon2id.Params
	dummy  string
}

// Production parameters: OWASP's argon2id recommendation of 46 MiB of
// memory, one pass, one lane (about 60 ms on the 2-core development
// machine, see docs/decisions.md).
var Production = &argon2id.Params{Memory: 46 * 1024, Iterations: 1, Parallelism: 1, SaltLength: 16, KeyLength: 32}

// Fast parameters are for tests only: the race detector makes the
// production cost far slower.
var Fast = &argon2id.Params{Memory: 1024, Iterations: 1, Parallelism: 1, SaltLength: 16, KeyLength: 32}

// New returns a hasher with params.
func New(params *argon2id.Params) (*Hasher, error) {
	h := &Hasher{params: params}
	dummy, err := h.Hash("procura-dummy-password")
	if err != nil {
		return nil, err
	}
	h.dummy = dummy
	return h, nil
}

// Hash returns the encoded argon2id hash of pw.
func (h *Hasher) Hash(pw string) (string, error) {
	s, err := argon2id.CreateHash(pw, h.params)
	if err != nil {
		return "", fmt.Errorf("hash password: %w", err)
	}
	return s, nil
}

// Verify reports whether pw matches hash, in constant time.
func (h *Hasher) Verify(pw, hash string) bool {
	ok, err := argon2id.ComparePasswordAndHash(pw, hash)
	return err == nil && ok
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

// Package domain holds Procura's business rules: entities, state machines,
// deadline arithmetic, metric formulas and the error vocabulary every layer
// speaks. It imports only the standard library; time, ids and randomness are
// passed in so that every rule tests without a clock or a database.
package domain

/*
 * Everything observable about a network through the public API, rendered as
 * text: counts, every getter's value and every lookup. Two digests are equal
 * exactly when no caller could tell the networks apart, which is how tests
 * check that a failed call left a network unchanged.
 */
#ifndef SOCIALCAP_NET_DIGEST_H
#define SOCIALCAP_NET_DIGEST_H

#include "socialcap.h"

/* New string (free with free()); never NULL (aborts the test on OOM). */
char *net_digest(const socialcap_network *net);

#endif

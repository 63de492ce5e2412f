/*
 * Compare two networks through the public getters only: every label
 * dictionary, sector, actor, tie, contact, event and attendance row, with
 * numbers compared bit for bit (NaN equals NaN, -0.0 differs from 0.0).
 */
#ifndef SOCIALCAP_NET_EQUAL_H
#define SOCIALCAP_NET_EQUAL_H

#include "socialcap.h"

/* cmocka-fails on the first difference, naming it. */
void assert_networks_equal(const socialcap_network *x, const socialcap_network *y);

/* A network with at least one of every kind of record and edge values
 * (unknown status and prestige, unused sector, -0.0 cost, tiny and huge
 * weights, negative times, non-ASCII text, groups named twice). */
socialcap_network *make_rich_network(const socialcap_network_options *opts);

#endif

/*
 * A snapshot that takes its network over, so that the caller can drop the
 * tie model before computing indicators.
 *
 * Why: on a large network the model (about 27 bytes per tie with its
 * index) and the snapshot (about 26 bytes per tie) are held side by side,
 * although after the build the indicators read only the snapshot, and
 * results read only labels. Taking the network over frees its ties at once
 * and keeps the rest (actor ids, labels, the ledger) for result labels,
 * area ledger columns and error messages. The network is then shared by
 * the snapshot and every results table made from it, and freed by the last
 * of them (network.c: socialcap__net_hold/_let_go), so that results may
 * outlive the snapshot as they may outlive a network the caller owns.
 * socialcap_snapshot_build_owning() takes the network over during the
 * build (snapshot_csr.c consumes the ties as it writes the graph) and ends
 * with the same hand-over.
 */
#include "network_internal.h"
#include "snapshot_internal.h"

uint8_t socialcap__snap_ties_timed(const socialcap_network *net)
{
	const socialcap__ties *t = &net->ties;
	size_t i;

	/* the column may be held with none known, after a failed import that
	 * had reserved it */
	for (i = 0; t->since != NULL && i < t->count; i++)
		if (t->since[i] != SOCIALCAP_TIME_NONE)
			return 1;
	return 0;
}

int socialcap__snap_may_own(socialcap_network *net)
{
	if (net->journalled)
		return socialcap__net_fail(net, SOCIALCAP_EINVAL,
					   "snapshot: own network: the network belongs "
					   "to a journal");
	if (atomic_load(&net->holders) > 0)
		return socialcap__net_fail(net, SOCIALCAP_EINVAL,
					   "snapshot: own network: a snapshot owns "
					   "the network already");
	return SOCIALCAP_OK;
}

void socialcap__snap_take(socialcap_snapshot *snap, socialcap_network *net,
			  uint8_t ties_timed)
{
	socialcap__net_ok(net);
	net->ties_timed = ties_timed;
	socialcap__ties_release(&net->ties, &net->mem);
	net->ties_released = 1;
	atomic_store(&net->holders, 1u);
	snap->owns_net = 1;
}

int socialcap_snapshot_own_network(socialcap_snapshot *snap, socialcap_network *net)
{
	int rc;

	if (snap == NULL || net == NULL)
		return net != NULL ? socialcap__net_fail(net, SOCIALCAP_EINVAL,
							 "snapshot: NULL snapshot")
				   : SOCIALCAP_EINVAL;
	if (snap->net != net)
		return socialcap__net_fail(net, SOCIALCAP_EINVAL,
					   "snapshot: own network: the snapshot was "
					   "built from another network");
	if ((rc = socialcap__snap_may_own(net)) != 0)
		return rc;
	socialcap__snap_take(snap, net, socialcap__snap_ties_timed(net));
	return SOCIALCAP_OK;
}

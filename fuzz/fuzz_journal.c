/* Fuzz target: journal replay (header, framing, CRC, salts, record
 * decoding, recovery decisions) on arbitrary bytes, onto an empty network,
 * without touching any file. */
#include <stdint.h>
#include <stdlib.h>

#include "journal_internal.h"
#include "socialcap.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	socialcap_network_options no = SOCIALCAP_NETWORK_OPTIONS_INIT;
	socialcap_network *net = NULL;
	socialcap_error err;
	uint64_t records;
	int cut, rc;

	if (size > (1 << 20))
		return 0;
	no.max_records = 100000;
	no.max_ties = 100000;
	no.max_actors = 100000;
	if (socialcap_network_new(&net, &no) != 0)
		abort();
	socialcap_error_clear(&err);
	rc = socialcap__journal_replay_memory(net, data, size, &records, &cut, &err);
	if (rc != 0 && (err.status == 0 || err.message[0] == '\0'))
		abort();
	/* Every actor comes from one record. */
	if (rc == 0 && records < socialcap_network_actor_count(net))
		abort();
	socialcap_network_free(net);
	return 0;
}

/* Fuzz target: the state-file loader on arbitrary bytes. A loaded network
 * is also walked through its getters so that any inconsistency the loader
 * let through is read by the sanitizers. */
#include <stdint.h>
#include <stdlib.h>

#include "socialcap.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	socialcap_state_options o = SOCIALCAP_STATE_OPTIONS_INIT;
	socialcap_network *net = NULL;
	socialcap_error err;
	uint32_t i, k;
	uint64_t t;

	o.max_input_bytes = 1 << 20;
	if (socialcap_state_load_buffer(&net, data, size, &o, &err) != 0) {
		if (net != NULL || err.status == 0 || err.message[0] == '\0')
			abort();
		return 0;
	}
	for (i = 0; i < socialcap_network_actor_count(net); i++) {
		uint32_t s = socialcap_network_actor_sector(net, i);

		if (socialcap_network_sector_label(net, s) == NULL ||
		    socialcap_network_neighbourhood_label(
			    net, socialcap_network_actor_neighbourhood(net, i)) == NULL)
			abort();
		for (k = 0; k < socialcap_network_actor_group_count(net, i); k++)
			if (socialcap_network_group_label(
				    net, socialcap_network_actor_group(net, i, k)) == NULL)
				abort();
	}
	for (t = 0; t < socialcap_network_tie_count(net); t++) {
		socialcap_tie tie;

		if (socialcap_network_tie(net, t, &tie) != 0 || tie.a >= tie.b ||
		    socialcap_network_layer_label(net, tie.layer) == NULL)
			abort();
	}
	socialcap_network_free(net);
	return 0;
}

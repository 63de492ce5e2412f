/* A program outside the project that links the installed library. */
#include <math.h>
#include <socialcap.h>
#include <stdio.h>
#include <string.h>

int main(void)
{
	socialcap_network *net = NULL;
	uint32_t a, b;
	int rc;

	if (strcmp(socialcap_version_string(), SOCIALCAP_VERSION_STRING) != 0) {
		fprintf(stderr, "header %s but library %s\n", SOCIALCAP_VERSION_STRING,
			socialcap_version_string());
		return 1;
	}
	rc = socialcap_network_new(&net, NULL);
	if (rc == 0)
		rc = socialcap_network_add_actor(net, &a, "r1", SOCIALCAP_RESIDENT,
						 "residents", "N1", 0.4, NULL, 0);
	if (rc == 0)
		rc = socialcap_network_add_actor(net, &b, "p1", SOCIALCAP_PROFESSIONAL,
						 "police", "N1", NAN, NULL, 0);
	if (rc == 0)
		rc = socialcap_network_add_tie(net, NULL, a, b, "work", 1.0,
					       SOCIALCAP_TIME_NONE);
	if (rc != 0) {
		fprintf(stderr, "%s: %s\n", socialcap_error_name(rc),
			socialcap_network_errmsg(net));
		socialcap_network_free(net);
		return 1;
	}
	printf("linked libsocialcap %s: %u actors, %llu ties\n", socialcap_version_string(),
	       socialcap_network_actor_count(net),
	       (unsigned long long)socialcap_network_tie_count(net));
	socialcap_network_free(net);
	return 0;
}

// The umbrella header must be usable from C++ (extern "C", no C-only syntax).
#include "socialcap.h"

#include <cstring>

int main()
{
	socialcap_network *net = nullptr;
	if (socialcap_network_new(&net, nullptr) != SOCIALCAP_OK)
		return 1;
	int rc = std::strcmp(socialcap_version_string(), SOCIALCAP_VERSION_STRING) == 0 ? 0 : 1;
	socialcap_network_free(net);
	return rc;
}

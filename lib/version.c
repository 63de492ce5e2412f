#include "socialcap/version.h"

const char *socialcap_version_string(void)
{
	return SOCIALCAP_VERSION_STRING;
}

int socialcap_version_number(void)
{
	return SOCIALCAP_VERSION_NUMBER;
}

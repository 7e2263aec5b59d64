// The generated header, from the include directory that wecom_bot_uniffi.pc names.
#include <WecomBotFFI.h>

/** The Bedrock Converse dialect: requests, answers, event streams, usage, errors and SigV4 signing. */
@NullMarked
package dev.gatehouse.provider.bedrock;

import org.jspecify.annotations.NullMarked;

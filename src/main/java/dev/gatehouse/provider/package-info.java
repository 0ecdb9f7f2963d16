/** The provider adapter SPI (adapters, stream translators, health probes, upstream requests) and shared error helpers. */
@NullMarked
package dev.gatehouse.provider;

import org.jspecify.annotations.NullMarked;

/** Routing: model groups, route plans and strategies, the complexity classifier, circuit breakers, deployment figures. */
@NullMarked
package dev.gatehouse.routing;

import org.jspecify.annotations.NullMarked;

/**
 * Curvature of a loss: Hessian-vector products and what is built on them (the spectrum at a point, the
 * second-order optimizers that never form the Hessian).
 */
package io.descent.curvature;

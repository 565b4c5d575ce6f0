/**
 * The part of TL serialization MTProto needs: a bounded {@link org.mtlab.tl.TlReader} and a {@link
 * org.mtlab.tl.TlWriter}, plus the handshake and service constructors as records.
 */
package org.mtlab.tl;

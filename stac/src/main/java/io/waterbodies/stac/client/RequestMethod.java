package io.waterbodies.stac.client;

/** The HTTP method of an item search: GET with query parameters or POST with a JSON body. */
public enum RequestMethod {
  /** Query parameters, arrays comma-joined. */
  GET,
  /** A JSON body. */
  POST
}

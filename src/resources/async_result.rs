//! Results of async tasks (video, async image, async chat): `GET /paas/v4/async-result/{id}`
//! (zai-api.md §4, A.9). `poll` repeats the retrieve until `task_status` is `SUCCESS` or `FAIL`.

use super::{Answer, Body, Endpoint, Method};
use crate::schema::table;

/// `client.asyncResult.retrieve(id)`.
pub const RETRIEVE: Endpoint = Endpoint {
    name: "asyncResult.retrieve",
    method: Method::Get,
    path: "/paas/v4/async-result/{id}",
    body: Body::None,
    params: table!(&[]),
    stream: None,
    poll: false,
    answer: Answer::Json,
};

/// `client.asyncResult.poll(id, { interval, timeout, signal, onProgress })`.
pub const POLL: Endpoint = Endpoint {
    name: "asyncResult.poll",
    poll: true,
    ..RETRIEVE
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_path_two_calls() {
        assert_eq!(RETRIEVE.path, POLL.path);
        assert_eq!(RETRIEVE.method, Method::Get);
        assert_eq!(POLL.body, Body::None);
        assert_eq!((POLL.poll, RETRIEVE.poll), (true, false));
        assert!(RETRIEVE.path.contains("{id}"));
    }
}

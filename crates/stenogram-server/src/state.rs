//! What every request shares: the data directory, a pool of open read-only
//! stores, the corpus version, and the limits (time per request,
//! concurrent heavy queries).

use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use stenogram_store::{CorpusVersion, Store};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use crate::error::ApiError;

/// Settings of a server.
#[derive(Debug, Clone)]
pub struct ServerConfig {
    /// The data directory to serve.
    pub data: PathBuf,
    /// Time allowed for one request's query before it answers 503.
    pub timeout: Duration,
    /// Heavy queries (KWIC, trends, keyness, collocates, reuse, downloads:
    /// their cost grows with the answer or, for reuse, the subcorpus) that
    /// may run at once; more answer 429.
    pub heavy_queries: usize,
    /// Other queries that may run at once; more wait (within the timeout).
    pub light_queries: usize,
}

impl ServerConfig {
    pub fn new(data: PathBuf) -> ServerConfig {
        ServerConfig {
            data,
            timeout: Duration::from_secs(5),
            heavy_queries: 2,
            light_queries: 8,
        }
    }
}

/// How costly a query is, for admission.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cost {
    Light,
    Heavy,
}

/// An open store and the SQLite generation its index reader last saw.
struct Pooled {
    store: Store,
    generation: i64,
    /// SQLite's generation when it was checked out.
    current: i64,
}

/// Answers of heavy analyses kept for reuse, by request and generation.
type Cached = (String, i64, Arc<dyn std::any::Any + Send + Sync>);

/// How many heavy answers the cache keeps (least recently used go first).
const CACHE_ENTRIES: usize = 64;

/// Shared by all requests.
pub struct AppState {
    pub config: ServerConfig,
    /// The store every pooled one shares its index reader with.
    first: Mutex<Store>,
    pool: Mutex<Vec<Pooled>>,
    cache: Mutex<std::collections::VecDeque<Cached>>,
    version: Mutex<Option<CorpusVersion>>,
    heavy: Arc<Semaphore>,
    light: Arc<Semaphore>,
}

pub type SharedState = Arc<AppState>;

impl AppState {
    /// Opens the store once to check it is there and readable.
    pub fn open(config: ServerConfig) -> Result<SharedState, stenogram_store::StoreError> {
        let store = Store::open_read(&config.data)?;
        let generation = store.current_generation()?;
        let version = store.version()?;
        let first = Mutex::new(store.another_reader()?);
        Ok(Arc::new(AppState {
            first,
            heavy: Arc::new(Semaphore::new(config.heavy_queries.max(1))),
            light: Arc::new(Semaphore::new(config.light_queries.max(1))),
            config,
            pool: Mutex::new(vec![Pooled {
                store,
                generation,
                current: generation,
            }]),
            cache: Mutex::new(std::collections::VecDeque::new()),
            version: Mutex::new(Some(version)),
        }))
    }

    /// Takes a store from the pool (opening one when all are busy) that
    /// sees the latest committed generation.
    fn checkout(&self) -> Result<Pooled, ApiError> {
        let pooled = self.pool.lock().expect("pool lock").pop();
        let mut pooled = match pooled {
            Some(p) => p,
            None => Pooled {
                store: self.first.lock().expect("store lock").another_reader()?,
                generation: -1,
                current: -1,
            },
        };
        let generation = pooled.store.current_generation()?;
        pooled.current = generation;
        if generation != pooled.generation {
            pooled.store.refresh()?;
            // The index commits after SQLite: count the new generation as
            // seen only once the index has it too, so a reader that looked
            // in between reloads again next time.
            if pooled.store.index_generation()? >= generation {
                pooled.generation = generation;
            }
        }
        Ok(pooled)
    }

    fn checkin(&self, pooled: Pooled) {
        let mut pool = self.pool.lock().expect("pool lock");
        if pool.len() < self.config.light_queries + self.config.heavy_queries {
            pool.push(pooled);
        }
    }

    /// The corpus version at `generation`, recomputed when the generation moved.
    fn version_at(&self, store: &Store, generation: i64) -> Result<CorpusVersion, ApiError> {
        {
            let cached = self.version.lock().expect("version lock");
            if let Some(v) = cached.as_ref().filter(|v| v.generation == generation) {
                return Ok(v.clone());
            }
        }
        let version = store.version()?;
        *self.version.lock().expect("version lock") = Some(version.clone());
        Ok(version)
    }

    /// The last corpus version computed (at start, then per generation).
    pub fn last_version(&self) -> Option<CorpusVersion> {
        self.version.lock().expect("version lock").clone()
    }

    /// Admits a query of this cost: heavy ones are refused at once beyond
    /// the bound (429), light ones wait for a slot within the timeout.
    pub async fn admit(self: &Arc<Self>, cost: Cost) -> Result<OwnedSemaphorePermit, ApiError> {
        match cost {
            Cost::Heavy => self
                .heavy
                .clone()
                .try_acquire_owned()
                .map_err(|_| ApiError::Busy),
            Cost::Light => {
                match tokio::time::timeout(self.config.timeout, self.light.clone().acquire_owned())
                    .await
                {
                    Ok(Ok(permit)) => Ok(permit),
                    Ok(Err(_)) => Err(ApiError::Busy),
                    Err(_) => Err(ApiError::Timeout(self.config.timeout)),
                }
            }
        }
    }

    /// Runs `f` on a pooled store on the blocking pool, within the time
    /// limit. The permit is held until `f` ends, even after a timeout, so
    /// abandoned work still counts against the bound.
    pub async fn run<T, F>(
        self: &Arc<Self>,
        cost: Cost,
        f: F,
    ) -> Result<(T, CorpusVersion), ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&Store) -> Result<T, ApiError> + Send + 'static,
    {
        let permit = self.admit(cost).await?;
        let state = self.clone();
        let task = tokio::task::spawn_blocking(move || {
            let _permit = permit;
            let pooled = state.checkout()?;
            let result = state
                .version_at(&pooled.store, pooled.current)
                .and_then(|version| f(&pooled.store).map(|value| (value, version)));
            state.checkin(pooled);
            result
        });
        match tokio::time::timeout(self.config.timeout, task).await {
            Ok(Ok(result)) => result,
            Ok(Err(join)) => Err(ApiError::Internal(format!("query failed: {join}"))),
            Err(_) => Err(ApiError::Timeout(self.config.timeout)),
        }
    }

    /// [`AppState::run`] for a heavy analysis whose answer depends only on
    /// `key` and the store's generation: a repeat of the same request on
    /// the same generation is answered from memory.
    pub async fn run_cached<T, F>(
        self: &Arc<Self>,
        key: String,
        f: F,
    ) -> Result<(Arc<T>, CorpusVersion), ApiError>
    where
        T: Send + Sync + 'static,
        F: FnOnce(&Store) -> Result<T, ApiError> + Send + 'static,
    {
        let state = self.clone();
        let lookup_key = key.clone();
        // The generation check is cheap; it runs as a light query.
        let (hit, version) = self
            .run(Cost::Light, move |store| {
                let generation = store.current_generation()?;
                let mut cache = state.cache.lock().expect("cache lock");
                let found = cache
                    .iter()
                    .position(|(k, g, _)| *k == lookup_key && *g == generation);
                Ok(found.and_then(|i| {
                    let entry = cache.remove(i)?;
                    let value = entry.2.clone();
                    cache.push_back(entry);
                    value.downcast::<T>().ok()
                }))
            })
            .await?;
        if let Some(value) = hit {
            return Ok((value, version));
        }
        let state = self.clone();
        self.run(Cost::Heavy, move |store| {
            let generation = store.current_generation()?;
            let value = Arc::new(f(store)?);
            let mut cache = state.cache.lock().expect("cache lock");
            cache.retain(|(k, _, _)| *k != key);
            cache.push_back((key, generation, value.clone()));
            while cache.len() > CACHE_ENTRIES {
                cache.pop_front();
            }
            Ok(value)
        })
        .await
    }

    /// Runs `f` with a pooled store and no time limit (a streamed
    /// download), holding a heavy-query permit until it ends.
    pub fn run_streaming<F>(self: &Arc<Self>, permit: OwnedSemaphorePermit, f: F)
    where
        F: FnOnce(&Store) + Send + 'static,
    {
        let state = self.clone();
        tokio::task::spawn_blocking(move || {
            let _permit = permit;
            if let Ok(pooled) = state.checkout() {
                f(&pooled.store);
                state.checkin(pooled);
            }
        });
    }

    /// The version now (for responses that do not query).
    pub async fn version(self: &Arc<Self>) -> Result<CorpusVersion, ApiError> {
        self.run(Cost::Light, |_| Ok(())).await.map(|(_, v)| v)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn state(heavy: usize, timeout: Duration) -> (tempfile::TempDir, SharedState) {
        let dir = tempfile::tempdir().unwrap();
        drop(Store::open_write(dir.path()).unwrap());
        let mut config = ServerConfig::new(dir.path().to_path_buf());
        config.heavy_queries = heavy;
        config.timeout = timeout;
        let state = AppState::open(config).unwrap();
        (dir, state)
    }

    #[test]
    fn heavy_queries_beyond_the_bound_are_refused_at_once() {
        let runtime = tokio::runtime::Runtime::new().unwrap();
        let (_dir, state) = state(1, Duration::from_secs(5));
        runtime.block_on(async {
            let held = state.admit(Cost::Heavy).await.unwrap();
            assert!(matches!(
                state.admit(Cost::Heavy).await,
                Err(ApiError::Busy)
            ));
            // Light queries are not held up by heavy ones.
            assert!(state.admit(Cost::Light).await.is_ok());
            drop(held);
            assert!(state.admit(Cost::Heavy).await.is_ok());
        });
    }

    #[test]
    fn a_query_past_the_time_limit_answers_timeout_and_keeps_its_permit() {
        let runtime = tokio::runtime::Runtime::new().unwrap();
        let (_dir, state) = state(1, Duration::from_millis(50));
        runtime.block_on(async {
            let slow = state
                .run(Cost::Heavy, |_| {
                    std::thread::sleep(Duration::from_millis(400));
                    Ok(())
                })
                .await;
            assert!(matches!(slow, Err(ApiError::Timeout(_))));
            // The abandoned query still runs, so it still counts.
            assert!(matches!(
                state.admit(Cost::Heavy).await,
                Err(ApiError::Busy)
            ));
            tokio::time::sleep(Duration::from_millis(600)).await;
            assert!(state.admit(Cost::Heavy).await.is_ok());
            let quick = state
                .run(Cost::Light, |store| Ok(store.current_generation()?))
                .await;
            assert_eq!(quick.unwrap().0, 0);
        });
    }
}
